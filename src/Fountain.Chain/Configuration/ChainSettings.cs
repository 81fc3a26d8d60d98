using System.Collections.Immutable;
using Akka.Configuration;
using Fountain.Chain.Http;
using Fountain.Economics;

namespace Fountain.Chain.Configuration;

/// <summary>
/// What `fountain chain run` is configured with: the chain's rules (with the economics it applies), its HTTP server
/// and its storage. <see cref="Read"/> takes them from <c>fountain.chain</c> and <c>fountain.economics</c>
/// (src/Fountain.Chain/reference.conf documents each key and its default).
/// </summary>
public sealed record ChainSettings(ChainOptions Chain, ChainServerOptions Server, string Backend, string DataDirectory, string PostgresConnectionString, string PostgresTable)
{
    private const string Prefix = "fountain.chain.";
    private const string EconomicsPrefix = "fountain.economics.";

    /// <summary>Reads the chain's settings; a bad value is refused with its key's name (<see cref="SettingException"/>).</summary>
    public static ChainSettings Read(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        // Economics stays free of Akka: it reads through a lookup of "pricing:model"-style keys and names bad ones itself.
        var economics = EconomicsSettings.Read(key =>
        {
            var path = EconomicsPrefix + key.Replace(':', '.');
            return config.HasPath(path) ? config.ReadString(path) : null;
        });
        if (!economics.IsOk) throw EconomicsError(economics.Rejection!.Message);

        long TokensAt(string key)
        {
            var text = config.ReadString(Prefix + key);
            return Tokens.TryParse(text, out var t, out var error) ? t.Units : throw new SettingException(Prefix + key, error!);
        }
        int Int(string key) => config.ReadInt(Prefix + key);
        long Long(string key) => config.ReadLong(Prefix + key);

        var allocations = ImmutableSortedDictionary<string, long>.Empty.WithComparers(StringComparer.Ordinal);
        foreach (var (id, text) in config.ReadStringMap(Prefix + "genesis-allocations"))
        {
            if (!Tokens.TryParse(text, out var tokens, out var error)) throw new SettingException($"{Prefix}genesis-allocations.\"{id}\"", error!);
            allocations = allocations.SetItem(id, tokens.Units);
        }
        var paymentModel = config.ReadChoice(Prefix + "payment-model", ("perpetual-fee", StoragePaymentModel.PerpetualFee), ("lock", StoragePaymentModel.Lock));
        var chain = new ChainOptions
        {
            GenesisSeed = config.ReadString(Prefix + "genesis-seed"),
            HeightInterval = config.ReadDuration(Prefix + "height-interval"),
            MaxCatchUpHeights = Int("max-catch-up-heights"),
            OfflineAfter = config.ReadDuration(Prefix + "offline-after"),
            GenesisAllocations = allocations,
            RewardPoolGenesisBaseUnits = TokensAt("reward-pool-tokens"),
            FaucetEnabled = config.ReadBool(Prefix + "faucet.enabled"),
            FaucetGenesisBaseUnits = TokensAt("faucet.genesis-tokens"),
            FaucetMaxBaseUnitsPerRequest = TokensAt("faucet.max-tokens-per-request"),
            PaymentModel = paymentModel,
            MinCollateralBaseUnits = TokensAt("min-collateral-tokens"),
            MaxEndpointChars = Int("limits.max-endpoint-chars"),
            MaxBlocksPerTicket = Int("limits.max-blocks-per-ticket"),
            MaxBlocksPerAmendment = Int("limits.max-blocks-per-amendment"),
            MaxHoldersPerBlock = Int("limits.max-holders-per-block"),
            MaxArchiveBytes = config.ReadBytes(Prefix + "limits.max-archive-size"),
            MaxCodecFormatChars = Int("limits.max-codec-format-chars"),
            MaxReasonChars = Int("limits.max-reason-chars"),
            MaxPinIdChars = Int("limits.max-pin-id-chars"),
            MaxReportedStorageBytes = config.ReadBytes(Prefix + "limits.max-reported-storage"),
            SupplyRoundHeights = Int("supply-round-heights"),
            StorageReportMaxAgeHeights = Long("storage-report-max-age-heights"),
            ReportClampMedianMultiple = Int("report-clamp-median-multiple"),
            MaxEpochAgeHeights = Long("max-epoch-age-heights"),
            CustodyVerifiers = Int("custody-verifiers"),
            ChallengersPerTarget = Int("challengers-per-target"),
            ChallengeFailureQuorum = Int("challenge-failure-quorum"),
            ArtworkClaimHeights = Long("artwork-claim-heights"),
            MaxChallengeRangeBytes = config.ReadBytes(Prefix + "max-challenge-range"),
            RecentTransactionsKept = Int("recent-transactions-kept"),
            MaxRejectedBodyLoggedChars = Int("max-rejected-body-logged-chars"),
            RewardRecordsKept = Int("reward-records-kept"),
            Economics = economics.Value,
        };
        if (chain.Validate() is { } bad) throw new SettingException("fountain.chain", bad);
        var server = new ChainServerOptions
        {
            Listen = config.ReadString(Prefix + "http.listen"),
            MaxRequestBodyBytes = config.ReadBytes(Prefix + "http.max-request-body"),
            MaxListedTransactions = Int("http.max-listed-transactions"),
            MaxListedTickets = Int("http.max-listed-tickets"),
            MaxListedBlocks = Int("http.max-listed-blocks"),
        };
        if (server.Validate() is { } badServer) throw new SettingException("fountain.chain.http", badServer);
        var backend = config.ReadChoice(Prefix + "storage.backend", ("sqlite", "sqlite"), ("postgres", "postgres"));
        var connection = config.ReadString(Prefix + "storage.postgres-connection-string");
        if (backend == "postgres" && string.IsNullOrWhiteSpace(connection))
            throw new SettingException(Prefix + "storage.postgres-connection-string", "is required with the postgres backend");
        return new ChainSettings(chain, server, backend, config.ReadString(Prefix + "storage.data-directory"), connection, config.ReadString(Prefix + "storage.postgres-table"));
    }

    /// <summary>An economics rejection as a setting error: "fountain.economics.rewards.penalty-heights: 'soon' is ..." names its key.</summary>
    private static SettingException EconomicsError(string message)
    {
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        return message.StartsWith(EconomicsPrefix, StringComparison.Ordinal) && colon > 0
            ? new SettingException(message[..colon], message[(colon + 2)..])
            : new SettingException("fountain.economics", message);
    }
}
