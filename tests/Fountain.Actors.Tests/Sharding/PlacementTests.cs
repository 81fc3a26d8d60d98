using FsCheck;
using FsCheck.Fluent;
using Fountain.Actors.Sharding;

namespace Fountain.Actors.Tests.Sharding;

public sealed class PlacementTests
{
    private static readonly RendezvousPlacement Placement = RendezvousPlacement.Instance;

    private static string[] Members(int count, int salt) => Enumerable.Range(0, count).Select(i => $"node-{salt}-{i}").ToArray();

    [Fact]
    public void Owner_is_a_member_and_does_not_depend_on_member_order()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<NonEmptyString>(), Gen.Choose(1, 12).ToArbitrary(), (key, count) =>
        {
            var members = Members(count, 1);
            var owner = Placement.OwnerOf(key.Get, members);
            return members.Contains(owner) && Placement.OwnerOf(key.Get, members.Reverse().ToArray()) == owner;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Removing_a_member_moves_only_its_own_keys()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<NonEmptyString>(), Gen.Choose(2, 12).ToArbitrary(), Gen.Choose(0, 11).ToArbitrary(), (key, count, removeAt) =>
        {
            var members = Members(count, 2);
            var removed = members[removeAt % count];
            var before = Placement.OwnerOf(key.Get, members);
            var after = Placement.OwnerOf(key.Get, members.Where(m => m != removed).ToArray());
            return before == removed || after == before;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Adding_a_member_moves_keys_only_to_it()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<NonEmptyString>(), Gen.Choose(1, 12).ToArbitrary(), (key, count) =>
        {
            var members = Members(count, 3);
            var before = Placement.OwnerOf(key.Get, members);
            var after = Placement.OwnerOf(key.Get, [.. members, "newcomer"]);
            return after == before || after == "newcomer";
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Keys_spread_evenly_over_members()
    {
        var members = Members(5, 4);
        var counts = Enumerable.Range(0, 20_000).GroupBy(i => Placement.OwnerOf($"artwork-{i}", members)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(5, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 3_600, 4_400));
    }

    [Fact]
    public void Score_is_SHA256_of_the_length_prefixed_key_and_the_member()
    {
        // The placement must be reproducible by any implementation: this pins the byte layout.
        var expected = System.Security.Cryptography.SHA256.HashData([0, 0, 0, 3, (byte)'k', (byte)'e', (byte)'y', (byte)'m', (byte)'1']);
        Assert.Equal(expected, RendezvousPlacement.Score("key", "m1"));
        Assert.Throws<ArgumentException>(() => Placement.OwnerOf("key", []));
    }
}
