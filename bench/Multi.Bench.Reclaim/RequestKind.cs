using Microsoft.AspNetCore.WebUtilities;

namespace Multi.Bench.Reclaim;

/// <summary>What a request was, by method, path and query: the audit's paged LIST, a fresh read of one claim or pod, a release, …</summary>
internal static class RequestKind
{
    public const string AuditPage = "audit LIST page";
    public const string ClaimGet = "GET claim";
    public const string PodGet = "GET pod";
    public const string ClaimDelete = "DELETE claim";

    private const string Claims = "/apis/multi.dev/v1alpha1/ipallocations";

    public static string Of(ObservedRequest r)
    {
        var query = QueryHelpers.ParseQuery(r.Query);
        if (query.TryGetValue("labelSelector", out var selector) && selector.ToString().StartsWith("bench.multi.dev/", StringComparison.Ordinal))
        {
            return "bench's own LIST/WATCH";
        }

        var watch = query.TryGetValue("watch", out var w) && w.ToString() is "true" or "1";
        var segments = r.Path.Trim('/').Split('/');
        var resource = r.Path.StartsWith("/api/v1/", StringComparison.Ordinal) ? (segments.Length >= 5 ? segments[4] : segments[^1]) : segments.Length >= 4 ? segments[3] : r.Path;
        var named = r.Path.StartsWith("/api/v1/namespaces/", StringComparison.Ordinal) ? segments.Length >= 6 : r.Path.StartsWith("/apis/", StringComparison.Ordinal) && segments.Length >= 5;
        if (r.Method == "GET" && r.Path == Claims && !watch && Pool(r) is not null && query.ContainsKey("limit"))
        {
            return AuditPage;
        }

        return (r.Method, resource, named, watch) switch
        {
            ("GET", "ipallocations", true, _) => ClaimGet,
            ("GET", "pods", true, _) => PodGet,
            ("DELETE", "ipallocations", true, _) => ClaimDelete,
            ("GET", _, false, true) => $"WATCH {resource}",
            ("GET", _, false, false) => $"LIST {resource}",
            _ => $"{r.Method} {resource}" + (r.Path.EndsWith("/status", StringComparison.Ordinal) ? "/status" : ""),
        };
    }

    /// <summary>The pool an audit page selects (<c>labelSelector=multi.dev/pool=…</c>), or null.</summary>
    public static string? Pool(ObservedRequest r) =>
        QueryHelpers.ParseQuery(r.Query).TryGetValue("labelSelector", out var selector) && selector.ToString() is var text && text.StartsWith("multi.dev/pool=", StringComparison.Ordinal)
            ? text["multi.dev/pool=".Length..]
            : null;

    /// <summary>The last path segment: a claim's or pod's name for the named kinds.</summary>
    public static string Name(ObservedRequest r) => r.Path[(r.Path.LastIndexOf('/') + 1)..];

    /// <summary>True for the first page of a LIST (no continue token).</summary>
    public static bool IsFirstPage(ObservedRequest r) => !QueryHelpers.ParseQuery(r.Query).ContainsKey("continue");
}
