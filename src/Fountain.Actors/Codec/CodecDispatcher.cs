using System.Globalization;

namespace Fountain.Actors.Codec;

/// <summary>
/// The codec's dedicated dispatcher (DESIGN.md, "Actors": "Codec work runs on a dedicated dispatcher (its own threads,
/// bounded queue), never on the thread pool"): a fork-join dispatcher with its own named threads
/// (<c>fountain.codec-dispatcher_1</c> ...), one message per turn so that a long encode does not hold another
/// actor's turn. Codec actors' props select it with <c>WithDispatcher(CodecDispatcher.Id)</c>.
/// </summary>
public static class CodecDispatcher
{
    /// <summary>The dispatcher's HOCON path, also its id and the prefix of its threads' names.</summary>
    public const string Id = "fountain.codec-dispatcher";

    /// <summary>The HOCON block that declares the dispatcher with <paramref name="threads"/> threads of its own.</summary>
    public static string Hocon(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        return string.Create(CultureInfo.InvariantCulture, $$"""
            {{Id}} {
              type = ForkJoinDispatcher
              throughput = 1
              dedicated-thread-pool {
                thread-count = {{threads}}
                threadtype = background
              }
            }
            """);
    }
}
