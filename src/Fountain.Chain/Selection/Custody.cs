using Fountain.Chain.Model;

namespace Fountain.Chain.Selection;

/// <summary>
/// Who heals an artwork, and who audits a masternode, in an epoch (DESIGN.md, "Identities, selection, epochs"). The
/// chain checks amendments and challenge reports with these same functions, so nodes and chain agree by construction.
/// The candidates are the masternodes eligible at the epoch height (<see cref="Masternode.IsEligibleAt"/>), judged on
/// the masternode list as it stands when the selection is made (so a node penalised since the epoch drops out of it
/// too); the seed is that height's hash. Nodes and chain read the same list, so they agree.
/// </summary>
public static class Custody
{
    /// <summary>The custodians of an artwork in the epoch: the primary first, then <paramref name="verifiers"/> verifiers.</summary>
    public static IReadOnlyList<string> Custodians(string artworkId, ChainHead epoch, IEnumerable<Masternode> masternodes, int verifiers) =>
        Rendezvous.Select(Rendezvous.Custody, Convert.FromHexString(artworkId), Convert.FromHexString(epoch.Hash),
            Eligible(masternodes, epoch.Height), 1 + verifiers);

    /// <summary>The masternodes that may challenge <paramref name="targetId"/> in the epoch (the target never audits itself).</summary>
    public static IReadOnlyList<string> Challengers(string targetId, ChainHead epoch, IEnumerable<Masternode> masternodes, int count) =>
        Rendezvous.Select(Rendezvous.Challenge, Convert.FromHexString(targetId), Convert.FromHexString(epoch.Hash),
            Eligible(masternodes, epoch.Height).Where(id => id != targetId), count);

    private static IEnumerable<string> Eligible(IEnumerable<Masternode> masternodes, long height) =>
        masternodes.Where(m => m.IsEligibleAt(height)).Select(m => m.Id);
}
