using System.Collections.Immutable;
using Fountain.Economics.Supply;

namespace Fountain.Economics.Accounts;

/// <summary>
/// The immutable state the account ledger's transactions apply to: accounts, the claimed bytes X (kept
/// as a running sum of every account's locked bytes, as Shift's <c>SUM(locked_bytes)</c>), the supply
/// statistic in force, the chain height, registered artworks, and the rules. A chain holds one of these
/// per block; every change returns a new state and leaves the old one as it was.
/// </summary>
public sealed record LedgerState
{
    private LedgerState(LedgerOptions options, SupplyStatistic supply)
    {
        Options = options;
        Supply = supply;
    }

    public LedgerOptions Options { get; }
    public long Height { get; private init; }
    /// <summary>
    /// The agreed supply figure LOCK prices with: the free bytes Y under shift-2018, the total bytes under
    /// shift-shipped (which derives Y = floor(0.9·total) − X). Refused by LOCK once stale.
    /// </summary>
    public SupplyStatistic Supply { get; private init; }
    public long ClaimedBytes { get; internal init; }
    public ImmutableSortedDictionary<string, Account> Accounts { get; internal init; } =
        ImmutableSortedDictionary<string, Account>.Empty.WithComparers(StringComparer.Ordinal);
    public ImmutableSortedDictionary<string, ArtworkRegistration> Artworks { get; internal init; } =
        ImmutableSortedDictionary<string, ArtworkRegistration>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>
    /// The state at height 0 with the given accounts and the genesis supply statistic. Rejected if the
    /// options or an account are invalid (negative amounts, pins that do not add up).
    /// </summary>
    public static Result<LedgerState> Genesis(LedgerOptions options, IEnumerable<KeyValuePair<string, Account>> accounts)
    {
        if (options.Validate() is { } bad) return Result<LedgerState>.Reject(bad);
        var state = new LedgerState(options, SupplyStatistic.Genesis(options.Supply));
        var builder = state.Accounts.ToBuilder();
        long claimed = 0;
        foreach (var (id, account) in accounts)
        {
            if (string.IsNullOrEmpty(id)) return Result<LedgerState>.Reject("bad-account", "an account id must not be empty");
            if (builder.ContainsKey(id)) return Result<LedgerState>.Reject("bad-account", $"account {id} appears twice");
            if (account.Available.IsNegative || account.Locked.IsNegative || account.LockedBytes < 0 || account.PinnedBytes < 0)
                return Result<LedgerState>.Reject("bad-account", $"account {id} has a negative balance or byte count");
            if (account.Pins.Values.Any(b => b <= 0) || account.Pins.Values.Sum() != account.PinnedBytes)
                return Result<LedgerState>.Reject("bad-account", $"account {id}'s pins do not add up to its pinned bytes");
            builder[id] = account;
            claimed = checked(claimed + account.LockedBytes);
        }
        return Result<LedgerState>.Ok(state with { Accounts = builder.ToImmutable(), ClaimedBytes = claimed });
    }

    /// <summary>The account, or an empty one if it has never held anything.</summary>
    public Account Account(string id) => Accounts.GetValueOrDefault(id) ?? Economics.Accounts.Account.Empty;

    /// <summary>Every token held, available or locked; transactions never change it.</summary>
    public Tokens TotalTokens()
    {
        var total = Tokens.Zero;
        foreach (var account in Accounts.Values) total += account.Total;
        return total;
    }

    /// <summary>The state at a later height (the chain advances it once per block).</summary>
    public Result<LedgerState> AtHeight(long height) =>
        height < Height
            ? Result<LedgerState>.Reject("height-backwards", $"height {height} is before the ledger's height {Height}")
            : Result<LedgerState>.Ok(this with { Height = height });

    /// <summary>The state with a newly agreed supply statistic (the oracle's value when a round closes).</summary>
    public Result<LedgerState> WithSupply(SupplyStatistic statistic)
    {
        if (statistic.Bytes < 0) return Result<LedgerState>.Reject("bad-supply", $"a supply statistic must not be negative, got {statistic.Bytes}");
        if (statistic.AgreedAtHeight > Height)
            return Result<LedgerState>.Reject("future-supply", $"the statistic was agreed at height {statistic.AgreedAtHeight}, after the ledger's height {Height}");
        if (statistic.AgreedAtHeight < Supply.AgreedAtHeight)
            return Result<LedgerState>.Reject("older-supply", "a supply statistic older than the one in force cannot replace it");
        return Result<LedgerState>.Ok(this with { Supply = statistic });
    }

    internal LedgerState WithAccount(string id, Account account) => this with { Accounts = Accounts.SetItem(id, account) };
}
