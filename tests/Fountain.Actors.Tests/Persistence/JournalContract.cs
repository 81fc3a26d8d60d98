using System.Text;
using Fountain.Actors.Persistence;

namespace Fountain.Actors.Tests.Persistence;

/// <summary>
/// The contract every journal passes (SQLite, PostgreSQL, in memory). Each implementation's test class
/// calls these with its own journals; persistence ids are unique per test so that runs never collide.
/// </summary>
public static class JournalContract
{
    public static string NewId(string name) => $"{name}-{Guid.NewGuid():N}";

    public static PersistentEvent Event(string id, long seq, string text = "") =>
        new(id, seq, "text", Encoding.UTF8.GetBytes(text.Length == 0 ? $"event {seq}" : text));

    public static IReadOnlyList<PersistentEvent> Events(string id, long from, long to) =>
        Enumerable.Range((int)from, (int)(to - from + 1)).Select(i => Event(id, i)).ToList();

    public static async Task Append_then_replay_in_order_within_bounds(IJournal journal)
    {
        var id = NewId("replay");
        await journal.AppendAsync(id, Events(id, 1, 3));
        await journal.AppendAsync(id, Events(id, 4, 10));
        var all = await journal.ReadAsync(id, 1, long.MaxValue, 100);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), all.Select(e => e.SequenceNr));
        Assert.Equal("event 7", Encoding.UTF8.GetString(all[6].Payload));
        Assert.Equal("text", all[6].Manifest);
        Assert.Equal([3L, 4, 5, 6], (await journal.ReadAsync(id, 3, 6, 100)).Select(e => e.SequenceNr));
        Assert.Equal([5L, 6], (await journal.ReadAsync(id, 5, 100, 2)).Select(e => e.SequenceNr));
        Assert.Empty(await journal.ReadAsync(id, 11, 20, 5));
        Assert.Empty(await journal.ReadAsync(NewId("other"), 1, 20, 5));
        Assert.Equal(10, await journal.ReadHighestSequenceNrAsync(id));
        Assert.Equal(0, await journal.ReadHighestSequenceNrAsync(NewId("none")));
    }

    public static async Task Sequence_is_unique_and_gapless(IJournal journal)
    {
        var id = NewId("unique");
        await journal.AppendAsync(id, Events(id, 1, 3));
        await Assert.ThrowsAsync<JournalConcurrencyException>(() => journal.AppendAsync(id, Events(id, 3, 4)));
        await Assert.ThrowsAsync<JournalConcurrencyException>(() => journal.AppendAsync(id, Events(id, 5, 5)));
        var fresh = NewId("fresh");
        await Assert.ThrowsAsync<JournalConcurrencyException>(() => journal.AppendAsync(fresh, Events(fresh, 2, 2)));
        // A rejected batch stores nothing, not even its valid-looking part.
        Assert.Equal(3, await journal.ReadHighestSequenceNrAsync(id));
        Assert.Equal(3, (await journal.ReadAsync(id, 1, long.MaxValue, 100)).Count);
    }

    public static async Task Bad_input_is_refused_and_changes_nothing(IJournal journal)
    {
        var id = NewId("bad");
        await Assert.ThrowsAsync<ArgumentException>(() => journal.AppendAsync(id, []));
        await Assert.ThrowsAsync<ArgumentException>(() => journal.AppendAsync(id, [Event(id, 1), Event(id, 3)]));
        await Assert.ThrowsAsync<ArgumentException>(() => journal.AppendAsync(id, [Event("someone-else", 1)]));
        await Assert.ThrowsAsync<ArgumentException>(() => journal.AppendAsync("", [Event("", 1)]));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => journal.ReadAsync(id, 0, 10, 10));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => journal.ReadAsync(id, 1, 10, 0));
        Assert.Equal(0, await journal.ReadHighestSequenceNrAsync(id));
    }

    public static async Task Highest_sequence_is_kept_after_deletes(IJournal journal)
    {
        var id = NewId("delete");
        await journal.AppendAsync(id, Events(id, 1, 5));
        await journal.DeleteEventsToAsync(id, 3);
        Assert.Equal([4L, 5], (await journal.ReadAsync(id, 1, long.MaxValue, 100)).Select(e => e.SequenceNr));
        await journal.DeleteEventsToAsync(id, 5);
        Assert.Empty(await journal.ReadAsync(id, 1, long.MaxValue, 100));
        Assert.Equal(5, await journal.ReadHighestSequenceNrAsync(id));
        await Assert.ThrowsAsync<JournalConcurrencyException>(() => journal.AppendAsync(id, Events(id, 1, 1)));
        await journal.AppendAsync(id, Events(id, 6, 6));
        Assert.Equal(6, await journal.ReadHighestSequenceNrAsync(id));
    }

    /// <summary>Two journals on the same storage race to append the same sequence: exactly one wins.</summary>
    public static async Task Concurrent_writers_are_rejected(IJournal first, IJournal second)
    {
        for (var round = 0; round < 3; round++)
        {
            var id = NewId("race");
            var a = first.AppendAsync(id, [Event(id, 1, "from a")]);
            var b = second.AppendAsync(id, [Event(id, 1, "from b")]);
            var outcomes = await Task.WhenAll(Outcome(a), Outcome(b));
            Assert.Equal(1, outcomes.Count(o => o is null));
            Assert.Single(outcomes, o => o is JournalConcurrencyException);
            var stored = await first.ReadAsync(id, 1, 10, 10);
            Assert.Single(stored);
        }

        static async Task<Exception?> Outcome(Task append)
        {
            try { await append; return null; }
            catch (Exception e) { return e; }
        }
    }

    public static async Task Snapshots_latest_wins_and_delete_bounds(ISnapshotStore store)
    {
        var id = NewId("snap");
        Assert.Null(await store.LoadLatestSnapshotAsync(id));
        await store.SaveSnapshotAsync(new SnapshotRecord(id, 10, [1]));
        await store.SaveSnapshotAsync(new SnapshotRecord(id, 20, [2]));
        await store.SaveSnapshotAsync(new SnapshotRecord(id, 20, [3]));
        var latest = await store.LoadLatestSnapshotAsync(id);
        Assert.Equal(20, latest!.SequenceNr);
        Assert.Equal([3], latest.Payload);
        await store.DeleteSnapshotsToAsync(id, 20);
        Assert.Null(await store.LoadLatestSnapshotAsync(id));
    }
}
