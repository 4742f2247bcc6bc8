using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Multi.Sandbox.ApiServer.Tables;

namespace Multi.Sandbox.ApiServer;

internal sealed partial class ApiRequestHandler
{
    /// <summary>
    /// Streams changes as newline-delimited watch events. A version the event log no longer reaches is answered,
    /// like the real server, with HTTP 200 and one ERROR event carrying a 410 Expired Status.
    /// </summary>
    private async Task WatchAsync(HttpContext context, ResourcePath path)
    {
        var query = context.Request.Query;
        var filter = Filter(query);
        var table = TableRequest.From(context.Request);
        long? from = long.TryParse(query["resourceVersion"], NumberStyles.None, CultureInfo.InvariantCulture, out var rv) ? rv : null;
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        WatchSubscription subscription;
        try
        {
            subscription = store.Watch(path.Type.Group, path.Type.Plural, from);
        }
        catch (ApiException error) when (error.Code == 410)
        {
            await WriteEventAsync(context, "ERROR", StatusObjects.Failure(error)).ConfigureAwait(false);
            return;
        }

        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        using var bookmarks = query["allowWatchBookmarks"].ToString() is "true" or "1"
            ? time.CreateTimer(_ => store.OfferBookmark(subscription), null, bookmarkInterval, bookmarkInterval)
            : null;
        using var timeout = int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? time.CreateTimer(_ => subscription.Complete(), null, TimeSpan.FromSeconds(seconds), Timeout.InfiniteTimeSpan)
            : null;
        try
        {
            await foreach (var change in subscription.Events.ReadAllAsync(context.RequestAborted).ConfigureAwait(false))
            {
                if (Translate(change, path, filter) is { } type)
                    await WriteEventAsync(context, type, EventObject(change, type, path.Type, table)).ConfigureAwait(false);
            }
        }
        finally
        {
            store.Unwatch(subscription);
        }
    }

    /// <summary>What a change looks like through the watch's namespace and selectors (null: not visible).</summary>
    private static string? Translate(StoredEvent change, ResourcePath path, Func<JsonObject, bool> filter)
    {
        if (change.Type == "BOOKMARK")
            return change.Type;
        if (path.Namespace is not null && change.Key.Namespace != path.Namespace)
            return null;
        var now = filter(change.Object);
        var before = change.Previous is not null && filter(change.Previous);
        return change.Type switch
        {
            "ADDED" => now ? "ADDED" : null,
            "DELETED" => now || before ? "DELETED" : null,
            _ when now && before => "MODIFIED",
            _ when now => "ADDED",
            _ when before => "DELETED",
            _ => null,
        };
    }

    /// <summary>The object of a watch event: the object itself, or (when kubectl asked for Tables) a Table of one row.</summary>
    private JsonObject EventObject(StoredEvent change, string type, ResourceType resource, TableRequest? table)
    {
        if (type == "BOOKMARK")
        {
            return new JsonObject
            {
                ["kind"] = resource.Kind,
                ["apiVersion"] = resource.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = change.Version.ToString(CultureInfo.InvariantCulture) },
            };
        }

        var obj = (JsonObject)change.Object.DeepClone();
        if (table is null)
            return Output(obj, resource);
        var metadata = new JsonObject { ["resourceVersion"] = change.Version.ToString(CultureInfo.InvariantCulture) };
        return TableWriter.Write(resource, [obj], metadata, table, time.GetUtcNow());
    }

    private static async Task WriteEventAsync(HttpContext context, string type, JsonObject obj)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WritePropertyName("object");
            obj.WriteTo(writer);
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
