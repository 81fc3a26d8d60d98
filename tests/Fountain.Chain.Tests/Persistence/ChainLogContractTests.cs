using Fountain.Chain.Persistence;
using Fountain.Chain.Tests.Support;

namespace Fountain.Chain.Tests.Persistence;

public sealed class SqliteChainLogTests : ChainLogContract, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fountain-chain-log-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    protected override Task<IChainLog> OpenAsync(string name) => Task.FromResult<IChainLog>(new SqliteChainLog(Path.Combine(_root, name, "chain.db")));

    [Fact] public Task Entries_in_order_gaps_and_second_writers_refused() => Entries_come_back_in_order_and_a_gap_or_a_second_writer_is_refused();
    [Fact] public Task Restart_gives_the_same_chain() => A_restarted_chain_has_the_same_state_and_head_hash_and_goes_on();
    [Fact] public Task Diverging_replay_refused() => A_log_whose_accepted_transaction_no_longer_replays_is_refused();
}

public sealed class PostgresChainLogTests : ChainLogContract
{
    protected override async Task<IChainLog> OpenAsync(string name) => await PostgresChainLog.OpenAsync(PostgresFactAttribute.ConnectionString, name);

    [PostgresFact] public Task Entries_in_order_gaps_and_second_writers_refused() => Entries_come_back_in_order_and_a_gap_or_a_second_writer_is_refused();
    [PostgresFact] public Task Restart_gives_the_same_chain() => A_restarted_chain_has_the_same_state_and_head_hash_and_goes_on();
    [PostgresFact] public Task Diverging_replay_refused() => A_log_whose_accepted_transaction_no_longer_replays_is_refused();
}

public sealed class InMemoryChainLogTests : ChainLogContract
{
    private readonly Dictionary<string, InMemoryChainLog> _logs = [];

    protected override Task<IChainLog> OpenAsync(string name) =>
        Task.FromResult<IChainLog>(_logs.TryGetValue(name, out var log) ? log : _logs[name] = new InMemoryChainLog());

    [Fact] public Task Entries_in_order_gaps_and_second_writers_refused() => Entries_come_back_in_order_and_a_gap_or_a_second_writer_is_refused();
    [Fact] public Task Restart_gives_the_same_chain() => A_restarted_chain_has_the_same_state_and_head_hash_and_goes_on();
}
