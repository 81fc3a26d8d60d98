namespace Fountain.Economics;

/// <summary>
/// Why an operation was refused: a stable machine-readable <see cref="Code"/> (for the chain's receipts and
/// the CLI's JSON) and a sentence for people.
/// </summary>
public sealed record Rejection(string Code, string Message)
{
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>
/// Either a value or a <see cref="Rejection"/>. Economics never throws for bad input: a refused transaction
/// or quote comes back as a rejection and the caller's state is untouched (DESIGN.md, conventions).
/// </summary>
public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Rejection? rejection)
    {
        _value = value;
        Rejection = rejection;
    }

    public static Result<T> Ok(T value) => new(value, null);
    public static Result<T> Reject(string code, string message) => new(default, new Rejection(code, message));
    public static Result<T> Reject(Rejection rejection) => new(default, rejection);

    public bool IsOk => Rejection is null;

    /// <summary>The reason for the refusal, or null on success.</summary>
    public Rejection? Rejection { get; }

    /// <summary>The value; throws if the operation was rejected, so a rejection cannot be mistaken for a value.</summary>
    public T Value => IsOk ? _value! : throw new InvalidOperationException($"No value: {Rejection}");

    public Result<TOut> Map<TOut>(Func<T, TOut> map) => IsOk ? Result<TOut>.Ok(map(_value!)) : Result<TOut>.Reject(Rejection!);

    public override string ToString() => IsOk ? $"Ok({_value})" : $"Rejected({Rejection})";
}
