using Akka.Configuration;
using Fountain.Actors.Artworks;
using Fountain.Actors.Codec;

namespace Fountain.Actors.Hosting;

/// <summary>
/// The HOCON every Fountain actor system runs with, in the node and in tests alike: the codec's dedicated dispatcher,
/// the serializers (Hyperion for <see cref="IFountainMessage"/>, the artwork journal's JSON contract for its events and
/// snapshots, with Hyperion's allow-list), and logging through the host's logger.
/// </summary>
public static class FountainActorsConfig
{
    public static string Hocon(int codecThreads) => CodecDispatcher.Hocon(codecThreads) + "\n" + $$"""
        akka {
          # Warnings and errors only: Akka 1.5.75 prints CoordinatedShutdown's info line to stdout when a system stops,
          # whatever logger is configured, and a command's output must stay its own.
          loglevel = WARNING
          stdout-loglevel = WARNING
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          actor {
            serializers {
              # Akka's JSON serializer (identifier 1, Newtonsoft with type names, no allow-list) is replaced by one that
              # refuses everything, so a peer cannot have this system build a CLR type of its choosing.
              json = "{{typeof(RefusingJsonSerializer).AssemblyQualifiedName}}"
              hyperion = "{{typeof(FountainHyperionSerializer).AssemblyQualifiedName}}"
              fountain-artwork-journal = "{{typeof(ArtworkJournalSerializer).AssemblyQualifiedName}}"
            }
            serialization-bindings {
              "{{typeof(IFountainMessage).AssemblyQualifiedName}}" = hyperion
              "{{typeof(ArtworkEvent).AssemblyQualifiedName}}" = fountain-artwork-journal
              "{{typeof(ArtworkState).AssemblyQualifiedName}}" = fountain-artwork-journal
            }
            serialization-identifiers {
              "{{typeof(RefusingJsonSerializer).AssemblyQualifiedName}}" = {{RefusingJsonSerializer.JsonIdentifier}}
              "{{typeof(ArtworkJournalSerializer).AssemblyQualifiedName}}" = {{ArtworkJournalSerializer.Id}}
            }
          }
          coordinated-shutdown {
            exit-clr = off
            run-by-clr-shutdown-hook = off
          }
        }
        """;

    public static Config Config(int codecThreads) => ConfigurationFactory.ParseString(Hocon(codecThreads));
}
