using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Chain.Selection;
using Fountain.Chain.Transactions;

namespace Fountain.Chain.Tests.Identity;

/// <summary>The shared contract: identities, signed transactions, rendezvous selection.</summary>
public sealed class ContractTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fountain-chain-tests-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_key_saved_and_loaded_is_the_same_identity_and_only_its_owner_can_read_it()
    {
        var path = Path.Combine(_root, "keys", "node.key");
        using var key = NodeKey.LoadOrCreate(path);
        using var again = NodeKey.LoadOrCreate(path);
        Assert.Equal(key.Id, again.Id);
        Assert.Matches("^[0-9a-f]{64}$", key.Id);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path)); // Windows has no Unix modes
        Assert.Throws<IOException>(() => key.Save(path)); // never overwrites a key
        File.WriteAllText(Path.Combine(_root, "junk.key"), "not a key");
        Assert.Throws<InvalidDataException>(() => NodeKey.Load(Path.Combine(_root, "junk.key")));
    }

    [Fact]
    public void Signatures_verify_only_for_the_signer_and_the_signed_bytes()
    {
        using var alice = NodeKey.Create();
        using var bob = NodeKey.Create();
        var data = "hello"u8.ToArray();
        var signature = alice.Sign(data);
        Assert.True(PublicKeys.Verify(alice.PublicKey, data, signature));
        Assert.False(PublicKeys.Verify(bob.PublicKey, data, signature));
        Assert.False(PublicKeys.Verify(alice.PublicKey, "hellO"u8, signature));
        Assert.False(PublicKeys.Verify(alice.PublicKey, data, signature[..63]));
        Assert.False(PublicKeys.Verify([1, 2, 3], data, signature));
    }

    [Fact]
    public void A_signed_transaction_opens_and_any_change_breaks_it()
    {
        using var node = NodeKey.Create();
        var transaction = new Transaction("dev-chain", 7, new RegisterMasternode("https://127.0.0.1:5001", 1_000_000_000));
        var signed = SignedTransaction.Create(transaction, node);
        Assert.True(signed.TryOpen(out var opened, out var error), error);
        Assert.Equal(transaction, opened);
        Assert.Equal(node.Id, signed.SignerId);
        Assert.Matches("^[0-9a-f]{64}$", signed.Id);

        Assert.False((signed with { Body = signed.Body.Replace("5001", "5002") }).TryOpen(out _, out error));
        Assert.Contains("signature", error);
        using var other = NodeKey.Create();
        Assert.False((signed with { SignerPublicKey = other.PublicKeyBase64 }).TryOpen(out _, out _));
        Assert.False((signed with { Signature = "!!" }).TryOpen(out _, out _));
    }

    [Fact]
    public void Rendezvous_is_deterministic_and_removing_a_node_moves_only_its_keys()
    {
        var nodes = Enumerable.Range(0, 30).Select(i => Convert.ToHexStringLower(System.Security.Cryptography.SHA3_256.HashData(BitConverter.GetBytes(i)))).ToList();
        var removed = nodes[3];
        int moved = 0;
        for (int k = 0; k < 500; k++)
        {
            var key = BitConverter.GetBytes(k);
            var before = Rendezvous.Select(Rendezvous.Place, key, [], nodes, 5);
            Assert.Equal(before, Rendezvous.Select(Rendezvous.Place, key, [], Enumerable.Reverse(nodes), 5)); // order of the list does not matter
            var after = Rendezvous.Select(Rendezvous.Place, key, [], nodes.Where(n => n != removed), 5);
            if (!before.Contains(removed)) Assert.Equal(before, after);
            else { moved++; Assert.Equal(before.Where(n => n != removed), after.Take(4)); }
        }
        Assert.InRange(moved, 500 * 5 / 30 / 2, 500 * 5 / 30 * 2); // about 5/30 of the keys had it
        Assert.NotEqual(Rendezvous.Select(Rendezvous.Custody, [1], [1], nodes, 3), Rendezvous.Select(Rendezvous.Custody, [1], [2], nodes, 3));
        Assert.Throws<ArgumentException>(() => Rendezvous.Select(Rendezvous.Place, [], [], ["not-hex"], 1));
    }

    [Fact]
    public void A_ticket_lists_its_original_and_amended_blocks()
    {
        var ticket = new ArtworkTicket("a", "k", new CodecParameters("v1", 10, 1, 32, 1, 0.03, 0.5), [new(1, "x"), new(2, "y")], 10, 0, 1,
            [new TicketAmendment(5, "p", "v", [new(3, "z")], "heal")]);
        Assert.Equal(["x", "y", "z"], ticket.AllBlocks.Select(b => b.BlockId));
        Assert.Equal(3u, ticket.HighestIndex);
    }
}
