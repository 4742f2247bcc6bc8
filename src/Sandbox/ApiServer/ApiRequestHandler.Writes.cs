using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Multi.Sandbox.ApiServer.Patching;

namespace Multi.Sandbox.ApiServer;

internal sealed partial class ApiRequestHandler
{
    private async Task CreateAsync(HttpContext context, ResourcePath path)
    {
        if (path.Type.Namespaced && path.Namespace is null)
            throw new ApiException(405, "MethodNotAllowed", $"{path.Type.Plural} must be created in a namespace");
        RefuseTerminatingNamespace(path.Namespace);
        var body = ObjectRules.PrepareCreate(await ReadObjectAsync(context).ConfigureAwait(false), path.Type, path.Namespace, Now());
        var key = path.Key(ObjectMetadata.GetString(body, "name")!);
        if (IsCrd(path.Type))
        {
            CrdDefinition.ResourceTypes(body);
            CrdDefinition.Accept(body, Now());
        }

        if (store.TryCreate(key, body) is not { } created)
        {
            await WriteJsonAsync(context, 409, StatusObjects.Failure(ApiException.AlreadyExists(key))).ConfigureAwait(false);
            return;
        }

        SyncCrd(path.Type, key.Name);
        await WriteJsonAsync(context, 201, Output(created, path.Type)).ConfigureAwait(false);
    }

    private async Task ReplaceAsync(HttpContext context, ResourcePath path)
    {
        var incoming = await ReadObjectAsync(context).ConfigureAwait(false);
        if (IsCrd(path.Type) && !path.Status)
            CrdDefinition.ResourceTypes(incoming);
        var updated = Update(path, current => incoming);
        await WriteJsonAsync(context, 200, Output(updated, path.Type)).ConfigureAwait(false);
    }

    private async Task PatchAsync(HttpContext context, ResourcePath path)
    {
        var mediaType = (context.Request.ContentType ?? "").Split(';')[0].Trim();
        var patch = await ReadBodyAsync(context).ConfigureAwait(false);
        Func<JsonObject, JsonObject> apply = mediaType switch
        {
            "application/merge-patch+json" => current => JsonMergePatch.Apply(current, patch) as JsonObject
                ?? throw ApiException.BadRequest("a merge patch must be a JSON object"),
            "application/json-patch+json" => current => JsonPatch.Apply(current, patch) as JsonObject
                ?? throw ApiException.Invalid("a JSON patch must leave an object"),
            "application/strategic-merge-patch+json" when path.Type.BuiltIn => current => StrategicMergePatch.Apply(current, patch),
            _ => throw new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json{(path.Type.BuiltIn ? ", application/strategic-merge-patch+json" : "")}"),
        };
        var updated = Update(path, apply);
        await WriteJsonAsync(context, 200, Output(updated, path.Type)).ConfigureAwait(false);
    }

    /// <summary>Turns the current object into the requested one (atomically, in the store) under the update rules.</summary>
    private JsonObject Update(ResourcePath path, Func<JsonObject, JsonObject> desired)
    {
        var key = path.Key();
        var updated = store.Update(key, current =>
        {
            var incoming = desired((JsonObject)current.DeepClone());
            return path.Status
                ? ObjectRules.UpdateStatus(current, incoming, path.Type, key)
                : ObjectRules.Update(current, incoming, path.Type, key);
        });
        SyncCrd(path.Type, key.Name);
        FinishNamespace(key.Namespace);
        return updated;
    }

    /// <summary>DELETE of one object; a DeleteOptions body may carry <c>preconditions.uid</c> and <c>preconditions.resourceVersion</c>.</summary>
    private async Task DeleteAsync(HttpContext context, ResourcePath path)
    {
        var options = context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0
            ? await ReadBodyAsync(context).ConfigureAwait(false) as JsonObject
            : null;
        var preconditions = options?["preconditions"] as JsonObject;
        var uid = preconditions?["uid"]?.GetValue<string>();
        var resourceVersion = preconditions?["resourceVersion"]?.GetValue<string>();
        await WriteJsonAsync(context, 200, Output(Delete(path.Key(), path.Type, uid, resourceVersion), path.Type)).ConfigureAwait(false);
    }

    private JsonObject Delete(ObjectKey key, ResourceType type, string? uid = null, string? resourceVersion = null)
    {
        if (IsNamespace(type))
            return DeleteNamespace(key);
        var deleted = store.Delete(key, Now(), current =>
        {
            if (uid is not null && ObjectMetadata.GetString(current, "uid") is var stored && stored != uid)
                throw ApiException.UidConflict(key, uid, stored ?? "");
            if (resourceVersion is not null && ObjectMetadata.GetString(current, "resourceVersion") != resourceVersion)
                throw ApiException.Conflict(key);
        });
        SyncCrd(type, key.Name);
        FinishNamespace(key.Namespace);
        return deleted;
    }

    private JsonObject DeleteCollection(ResourcePath path, IQueryCollection query)
    {
        var (items, version) = Select(path, query);
        var deleted = new JsonArray();
        foreach (var item in items)
        {
            var key = new ObjectKey(path.Type.Group, path.Type.Plural, ObjectMetadata.GetString(item, "namespace") ?? "", ObjectMetadata.GetString(item, "name")!);
            deleted.Add(Output(Delete(key, path.Type), path.Type));
        }

        return new JsonObject
        {
            ["kind"] = path.Type.ListKind,
            ["apiVersion"] = path.Type.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) },
            ["items"] = deleted,
        };
    }

    private static bool IsCrd(ResourceType type) =>
        type.Group == ResourceRegistry.CrdGroup && type.Plural == ResourceRegistry.CrdResource;

    /// <summary>After any write to a CustomResourceDefinition: serve what it defines, or, once it is gone, forget it and its objects.</summary>
    private void SyncCrd(ResourceType type, string name)
    {
        if (!IsCrd(type))
            return;
        JsonObject crd;
        try
        {
            crd = store.Get(new ObjectKey(type.Group, type.Plural, "", name));
        }
        catch (ApiException error) when (error.Code == 404)
        {
            foreach (var removed in registry.Unregister(name).DistinctBy(t => (t.Group, t.Plural)))
            {
                store.DeleteAll(removed.Group, removed.Plural);
                store.CloseWatches(removed.Group, removed.Plural);
            }
            return;
        }

        registry.Register(name, CrdDefinition.ResourceTypes(crd));
    }

    /// <summary>Serves the resources of every stored CustomResourceDefinition (after loading from disk).</summary>
    public void RegisterStoredCrds()
    {
        foreach (var crd in store.All(ResourceRegistry.CrdGroup, ResourceRegistry.CrdResource))
            registry.Register(ObjectMetadata.GetString(crd, "name")!, CrdDefinition.ResourceTypes(crd));
    }
}
