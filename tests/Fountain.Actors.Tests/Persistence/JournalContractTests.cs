using Fountain.Actors.Persistence;

namespace Fountain.Actors.Tests.Persistence;

public sealed class InMemoryJournalContractTests
{
    private readonly InMemoryJournal _journal = new();

    [Fact] public Task Append_then_replay_in_order_within_bounds() => JournalContract.Append_then_replay_in_order_within_bounds(_journal);
    [Fact] public Task Sequence_is_unique_and_gapless() => JournalContract.Sequence_is_unique_and_gapless(_journal);
    [Fact] public Task Bad_input_is_refused_and_changes_nothing() => JournalContract.Bad_input_is_refused_and_changes_nothing(_journal);
    [Fact] public Task Highest_sequence_is_kept_after_deletes() => JournalContract.Highest_sequence_is_kept_after_deletes(_journal);
    [Fact] public Task Concurrent_writers_are_rejected() => JournalContract.Concurrent_writers_are_rejected(_journal, _journal);
    [Fact] public Task Snapshots_latest_wins_and_delete_bounds() => JournalContract.Snapshots_latest_wins_and_delete_bounds(_journal);
}

public sealed class SqliteJournalContractTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fountain-journal-").FullName;
    private readonly SqliteJournal _journal;
    private readonly SqliteJournal _secondWriter;

    public SqliteJournalContractTests()
    {
        _journal = new SqliteJournal(Path.Combine(_dir, "journal.db"));
        _secondWriter = new SqliteJournal(Path.Combine(_dir, "journal.db"));
    }

    public void Dispose()
    {
        _journal.Dispose();
        _secondWriter.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact] public Task Append_then_replay_in_order_within_bounds() => JournalContract.Append_then_replay_in_order_within_bounds(_journal);
    [Fact] public Task Sequence_is_unique_and_gapless() => JournalContract.Sequence_is_unique_and_gapless(_journal);
    [Fact] public Task Bad_input_is_refused_and_changes_nothing() => JournalContract.Bad_input_is_refused_and_changes_nothing(_journal);
    [Fact] public Task Highest_sequence_is_kept_after_deletes() => JournalContract.Highest_sequence_is_kept_after_deletes(_journal);
    [Fact] public Task Concurrent_writers_are_rejected() => JournalContract.Concurrent_writers_are_rejected(_journal, _secondWriter);
    [Fact] public Task Snapshots_latest_wins_and_delete_bounds() => JournalContract.Snapshots_latest_wins_and_delete_bounds(_journal);

    [Fact]
    public async Task Events_survive_reopening_the_file()
    {
        var id = JournalContract.NewId("durable");
        await _journal.AppendAsync(id, JournalContract.Events(id, 1, 3));
        using var reopened = new SqliteJournal(Path.Combine(_dir, "journal.db"));
        Assert.Equal(3, (await reopened.ReadAsync(id, 1, 10, 10)).Count);
    }
}

public sealed class PostgresJournalContractTests : IAsyncLifetime
{
    private PostgresJournal? _journal;
    private PostgresJournal? _secondWriter;

    public async Task InitializeAsync()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable))) return;
        _journal = await PostgresJournal.OpenAsync(PostgresFactAttribute.ConnectionString, "actors_test_");
        _secondWriter = await PostgresJournal.OpenAsync(PostgresFactAttribute.ConnectionString, "actors_test_");
    }

    public async Task DisposeAsync()
    {
        if (_journal is not null) await _journal.DisposeAsync();
        if (_secondWriter is not null) await _secondWriter.DisposeAsync();
    }

    [PostgresFact] public Task Append_then_replay_in_order_within_bounds() => JournalContract.Append_then_replay_in_order_within_bounds(_journal!);
    [PostgresFact] public Task Sequence_is_unique_and_gapless() => JournalContract.Sequence_is_unique_and_gapless(_journal!);
    [PostgresFact] public Task Bad_input_is_refused_and_changes_nothing() => JournalContract.Bad_input_is_refused_and_changes_nothing(_journal!);
    [PostgresFact] public Task Highest_sequence_is_kept_after_deletes() => JournalContract.Highest_sequence_is_kept_after_deletes(_journal!);
    [PostgresFact] public Task Concurrent_writers_are_rejected() => JournalContract.Concurrent_writers_are_rejected(_journal!, _secondWriter!);
    [PostgresFact] public Task Snapshots_latest_wins_and_delete_bounds() => JournalContract.Snapshots_latest_wins_and_delete_bounds(_journal!);
}
