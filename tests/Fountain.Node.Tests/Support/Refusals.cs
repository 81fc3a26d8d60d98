using Fountain.Node.Client;

namespace Fountain.Node.Tests.Support;

internal static class Refusals
{
    /// <summary>The request fails with this HTTP status and a reason.</summary>
    public static async Task AssertStatus(int status, Func<Task> request)
    {
        var refused = await Assert.ThrowsAsync<NodeRequestException>(request);
        Assert.Equal(status, (int?)refused.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(refused.Reason));
    }
}
