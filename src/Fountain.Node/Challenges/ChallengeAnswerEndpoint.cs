using System.Globalization;
using Fountain.Chain.Selection;
using Fountain.Codec.Hashing;
using Fountain.Node.Api;
using Fountain.Node.Client;
using Fountain.Node.Network;
using Fountain.Node.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fountain.Node.Challenges;

/// <summary>
/// <c>POST /challenges/answer?epoch&amp;artwork&amp;block&amp;offset&amp;length</c>: a challenger asks this node for its signed
/// answer to a storage challenge. 200 with a <see cref="ChallengeAnswer"/>; 404 when the block is not held here; 416 for
/// a range outside the block; 401/413/421 as for every node request. An answer is a range hash of a block, so it goes
/// only to a challenger the epoch's selection names for this node (<see cref="Custody.Challengers"/>, the chain's own
/// choice), for an epoch the chain has sealed and that is no more than two challenge epochs behind this node's head
/// (issue 12, hole 4: before, any registered masternode got one, and a placed holder of the block could answer its own
/// audit from it without keeping the block), and only for the range the epoch's plan draws for this node and that block
/// (<see cref="ChallengePlan.RangeFor"/>), so a challenger that is itself a holder of the block cannot have this node hash
/// the range it is challenged on. The selection is read from the cached membership, a cached sealed head and the ticket
/// cache, so a known challenger seldom costs a chain round trip against its deadline.
/// </summary>
internal sealed class ChallengeAnswerEndpoint(RequestAuthenticator authenticator, ChainView chain, EpochHeads heads, string nodeId, ChallengeSettings settings,
    ChallengeResponder responder)
{
    public void Map(IEndpointRouteBuilder app) => app.MapMethods(ChallengeAnswerClient.Path, [HttpMethods.Post], AnswerAsync);

    private async Task AnswerAsync(HttpContext context)
    {
        var (request, refusal) = await authenticator.AuthenticateAsync(context, 0);
        if (request is null) { await ApiReplies.RefuseAsync(context, refusal!); return; }
        using (var body = await RequestBody.ReadToBufferAsync(context.Request, 0, context.RequestAborted))
        {
            if (body is null) { await ApiReplies.RefuseAsync(context, authenticator.BodyLongerThanSigned(request)); return; }
        }
        var query = context.Request.Query;
        if (!long.TryParse(query["epoch"], NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            || !long.TryParse(query["offset"], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            || !long.TryParse(query["length"], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            || !Hash256.TryParse(query["artwork"], out var artwork) || !Hash256.TryParse(query["block"], out var block))
        {
            await ApiReplies.RefuseAsync(context, new Refusal(StatusCodes.Status400BadRequest, "epoch, offset and length must be non-negative integers, artwork and block 64 lower-case hex digits"));
            return;
        }
        if (await SelectionRefusalAsync(request, epoch, artwork.ToString(), block.ToString(), offset, context.RequestAborted) is { } notSelected)
        {
            await ApiReplies.RefuseAsync(context, authenticator.Count(notSelected));
            return;
        }
        if (length > settings.MaxRangeBytes)
        {
            await ApiReplies.RefuseAsync(context, new Refusal(StatusCodes.Status416RangeNotSatisfiable, $"a challenge range spans at most {settings.MaxRangeBytes} bytes"));
            return;
        }
        ChallengeAnswer? answer;
        try
        {
            answer = await responder.AnswerAsync(request.Signer.Id, epoch, artwork.ToString(), block, offset, length, context.RequestAborted);
        }
        catch (ArgumentOutOfRangeException e)
        {
            await ApiReplies.RefuseAsync(context, new Refusal(StatusCodes.Status416RangeNotSatisfiable, e.Message.Split(" (Parameter")[0]));
            return;
        }
        if (answer is null) { await ApiReplies.RefuseAsync(context, new Refusal(StatusCodes.Status404NotFound, $"this node does not hold block {block}")); return; }
        await ApiReplies.WriteJsonAsync(context, StatusCodes.Status200OK, answer, ChallengeJson.Default.ChallengeAnswer);
    }

    /// <summary>
    /// Null when the signer is one of this node's selected challengers at <paramref name="epoch"/> and asks for the range the
    /// plan draws for this node and the block (its offset: the length depends on the challenger's <c>max-range</c>); else why not.
    /// </summary>
    private async Task<Refusal?> SelectionRefusalAsync(AuthenticatedRequest request, long epoch, string artworkId, string blockId, long offset, CancellationToken cancellation)
    {
        static Refusal Forbidden(string reason, RefusalKind kind) => new(StatusCodes.Status403Forbidden, reason, kind);
        if (request.Signer.Id == nodeId || !request.IsMember) return Forbidden("only another member masternode may challenge this node", RefusalKind.NotMember);
        var membership = chain.Current ?? await chain.GetMembershipAsync(cancellation).ConfigureAwait(false);
        if (epoch < membership.Head.Height - 2 * settings.EpochHeights)
            return Forbidden($"epoch {epoch} is more than two challenge epochs behind this node's head {membership.Head.Height}", RefusalKind.NotSelectedChallenger);
        var head = await heads.AtAsync(epoch, membership, cancellation).ConfigureAwait(false);
        if (head is null) return Forbidden($"height {epoch} is not sealed, so it is no epoch yet", RefusalKind.NotSelectedChallenger);
        if (!Custody.Challengers(nodeId, head, membership.ById.Values, settings.ChallengesPerTarget).Contains(request.Signer.Id))
        {
            // The cached list may be older than the challenger's (a penalty since, which moves the selection, or a new node):
            // read the chain's own once more, since refusing a selected challenger would fail this node's audit.
            membership = await chain.RefreshAsync(cancellation).ConfigureAwait(false);
            if (!Custody.Challengers(nodeId, head, membership.ById.Values, settings.ChallengesPerTarget).Contains(request.Signer.Id))
                return Forbidden($"masternode {request.Signer.Id} is not one of this node's challengers at epoch {epoch}", RefusalKind.NotSelectedChallenger);
        }
        var ticket = await chain.GetTicketAsync(artworkId, cancellation, trustCachedMiss: false).ConfigureAwait(false);
        if (ticket is null || !ticket.AllBlocks.Any(b => b.BlockId == blockId))
            return Forbidden($"block {blockId} is not on the ticket of artwork {artworkId}, so no challenge can name it", RefusalKind.NotSelectedChallenger);
        var (planned, _) = ChallengePlan.RangeFor(head, nodeId, ticket.Codec, blockId, settings.MaxRangeBytes);
        if (offset != planned)
            return Forbidden($"epoch {epoch}'s challenge of this node on block {blockId} starts at byte {planned}, not {offset}", RefusalKind.NotSelectedChallenger);
        return null;
    }
}
