using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace Fountain.Node.Status;

/// <summary>
/// Counts and times every request of the signed API by its route template (<c>/blocks/{blockId}</c>, never the ids a
/// request carries: the metrics stay small and reveal no block or artwork), method and status code. Requests that match
/// no route count under <c>unmatched</c>. Rates are Prometheus' <c>rate()</c> of the counter; latencies its histogram.
/// </summary>
internal sealed class RequestMeter
{
    /// <summary>Methods counted by name; any other (a client may send any token) counts as "other", so a client cannot add series.</summary>
    private static readonly HashSet<string> KnownMethods = [HttpMethods.Get, HttpMethods.Head, HttpMethods.Put, HttpMethods.Post, HttpMethods.Delete, HttpMethods.Options];

    private readonly Counter _requests;
    private readonly Histogram _seconds;

    public RequestMeter(IMetricFactory factory)
    {
        _requests = factory.CreateCounter("fountain_http_requests_total", "Requests to the signed API, by route, method and status code.", ["route", "method", "code"]);
        _seconds = factory.CreateHistogram("fountain_http_request_duration_seconds", "Time to answer a request to the signed API, by route and method.",
            new HistogramConfiguration
            {
                LabelNames = ["route", "method"],
                Buckets = Histogram.ExponentialBuckets(0.0005, 2, 18), // 0.5 ms .. ~65 s
            });
    }

    /// <summary>Adds the measuring step to the API's pipeline; call after routing, so that the route is known.</summary>
    public void MeasureRequestsOf(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        long start = Stopwatch.GetTimestamp();
        bool failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true; // the error step before routing answers 500 (or 503) for it
            throw;
        }
        finally
        {
            string route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            string method = KnownMethods.Contains(context.Request.Method) ? context.Request.Method : "other";
            int code = failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            _requests.WithLabels(route, method, code.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
            _seconds.WithLabels(route, method).Observe(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    });
}
