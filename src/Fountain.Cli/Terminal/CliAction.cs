using Fountain.Codec.Archive;

namespace Fountain.Cli.Terminal;

/// <summary>
/// Runs a command body and turns the failures a user can cause (bad input, missing files, damaged archives)
/// into one clear line on standard error and exit code 1; anything else is a bug and keeps its stack trace.
/// </summary>
internal static class CliAction
{
    public const int Success = 0;
    public const int Failure = 1;

    /// <param name="expected">Further exception types that are the user's or the network's doing, not bugs.</param>
    public static int Run(Func<int> body, params Type[] expected)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is ArchiveException or InvalidDataException or IOException or UnauthorizedAccessException
                                   or ArgumentException or FormatException or PlatformNotSupportedException or OperationCanceledException
                                   || expected.Any(type => type.IsInstanceOfType(e)))
        {
            Ui.Error(e.Message);
            return Failure;
        }
    }
}
