using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Multi.Sandbox.ApiServer.Selectors;

namespace Multi.Sandbox.ApiServer;

/// <summary>Answers every HTTP request: discovery, then the generic REST verbs on whatever resource the path names.</summary>
internal sealed partial class ApiRequestHandler
{
    private readonly ResourceRegistry registry;
    private readonly ObjectStore store;
    private readonly TimeProvider time;
    private readonly TimeSpan bookmarkInterval;
    private readonly RequestJournal journal;
    private readonly Func<ApiRequestInfo, ApiFault?>? faults;

    public ApiRequestHandler(ResourceRegistry registry, ObjectStore store, EmbeddedApiServerOptions options, RequestJournal journal)
    {
        this.registry = registry;
        this.store = store;
        time = options.TimeProvider;
        bookmarkInterval = options.BookmarkInterval;
        faults = options.Faults;
        this.journal = journal;
    }

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            var request = Record(context);
            if (await InjectFaultAsync(context, request).ConfigureAwait(false))
                return;
            await RouteAsync(context).ConfigureAwait(false);
        }
        catch (ApiException error) when (!context.Response.HasStarted)
        {
            await WriteJsonAsync(context, error.Code, StatusObjects.Failure(error)).ConfigureAwait(false);
        }
        catch (JsonException error) when (!context.Response.HasStarted)
        {
            await WriteJsonAsync(context, 400, StatusObjects.Failure(ApiException.BadRequest(error.Message))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception error) when (!context.Response.HasStarted && error is InvalidOperationException or FormatException or InvalidCastException or IOException)
        {
            // A body of unexpected shape (or a bug): answer with a Status the client can show, not an empty 500.
            await WriteJsonAsync(context, 500, StatusObjects.Failure(new ApiException(error.Message, error))).ConfigureAwait(false);
        }
    }

    private Task RouteAsync(HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? "").Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["healthz" or "livez" or "readyz", ..] => WriteTextAsync(context, "ok"),
            ["version"] => WriteJsonAsync(context, 200, VersionInfo()),
            ["api"] => WriteJsonAsync(context, 200, CoreVersions(context)),
            ["api", var version] => WriteJsonAsync(context, 200, ResourceList("", version)),
            ["api", var version, .. var rest] => ResourceAsync(context, ResourcePath.Parse(registry, "", version, rest)),
            ["openapi", "v3"] => WriteJsonAsync(context, 200, OpenApiRoot()),
            ["openapi", "v3", .. var prefix] => WriteJsonAsync(context, 200, OpenApiGroupVersion(string.Join('/', prefix))),
            ["apis"] => WriteJsonAsync(context, 200, GroupList()),
            ["apis", var group] => WriteJsonAsync(context, 200, Group(group)),
            ["apis", var group, var version] => WriteJsonAsync(context, 200, ResourceList(group, version)),
            ["apis", var group, var version, .. var rest] => ResourceAsync(context, ResourcePath.Parse(registry, group, version, rest)),
            _ => throw new ApiException(404, "NotFound", "the server could not find the requested resource"),
        };
    }

    private Task ResourceAsync(HttpContext context, ResourcePath path)
    {
        var method = context.Request.Method;
        return (method, path.Name) switch
        {
            ("GET", null) when IsWatch(context.Request.Query) => WatchAsync(context, path),
            ("GET", null) => WriteJsonAsync(context, 200, List(path, context.Request)),
            ("GET", _) => WriteJsonAsync(context, 200, GetOne(path, context.Request)),
            ("POST", null) => CreateAsync(context, path),
            ("PUT", not null) => ReplaceAsync(context, path),
            ("PATCH", not null) => PatchAsync(context, path),
            ("DELETE", not null) => DeleteAsync(context, path),
            ("DELETE", null) => WriteJsonAsync(context, 200, DeleteCollection(path, context.Request.Query)),
            _ => throw new ApiException(405, "MethodNotAllowed", $"{method} is not supported on this path"),
        };
    }

    /// <summary>The objects the label and field selectors of the query match, through the store's label index.</summary>
    private (IReadOnlyList<JsonObject> Items, long Version) Select(ResourcePath path, IQueryCollection query)
    {
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"]);
        return store.List(path.Type.Group, path.Type.Plural, path.Namespace, labels, fields.Terms.Count == 0 ? null : fields.Matches);
    }

    private static Func<JsonObject, bool> Filter(IQueryCollection query)
    {
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"]);
        return obj => labels.Matches(ObjectMetadata.Labels(obj)) && fields.Matches(obj);
    }

    private static bool IsWatch(IQueryCollection query) => query["watch"].ToString() is "true" or "1" or "True";

    private static JsonObject Output(JsonObject obj, ResourceType type)
    {
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
        return obj;
    }

    /// <summary>Reads a JSON body; protobuf and CBOR get 415, which makes client-go fall back to JSON.</summary>
    private static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        var mediaType = (context.Request.ContentType ?? "application/json").Split(';')[0].Trim();
        if (mediaType is not ("application/json" or "" or "*/*"))
            throw new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json");
        return await ReadBodyAsync(context).ConfigureAwait(false) as JsonObject
            ?? throw ApiException.BadRequest("the request body must be a JSON object");
    }

    private static async Task<JsonNode?> ReadBodyAsync(HttpContext context) =>
        await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);

    private static async Task WriteJsonAsync(HttpContext context, int code, JsonNode body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteTextAsync(HttpContext context, string text)
    {
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(text, context.RequestAborted).ConfigureAwait(false);
    }

    private string Now() => ObjectMetadata.Timestamp(time.GetUtcNow());
}
