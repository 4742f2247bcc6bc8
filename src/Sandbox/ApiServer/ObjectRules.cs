using System.Text.Json.Nodes;

namespace Multi.Sandbox.ApiServer;

/// <summary>What the server owns on create and update: identity, timestamps, generation, optimistic concurrency, status.</summary>
internal static class ObjectRules
{
    public static JsonObject PrepareCreate(JsonObject body, ResourceType type, string? ns, string timestamp)
    {
        body["apiVersion"] = type.ApiVersion;
        body["kind"] = type.Kind;
        var metadata = ObjectMetadata.Of(body);
        if (string.IsNullOrEmpty(ObjectMetadata.GetString(body, "name")) && ObjectMetadata.GetString(body, "generateName") is { } prefix)
            metadata["name"] = prefix + Guid.NewGuid().ToString("N")[..5];
        if (string.IsNullOrEmpty(ObjectMetadata.GetString(body, "name")))
            throw ApiException.Invalid("metadata.name: Required value: name or generateName is required");
        if (type.Namespaced)
        {
            var declared = ObjectMetadata.GetString(body, "namespace");
            if (!string.IsNullOrEmpty(declared) && declared != ns)
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
        }

        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = timestamp;
        metadata["generation"] = 1;
        metadata.Remove("resourceVersion");
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        if (type.HasStatus && !type.BuiltIn)
            body.Remove("status");
        DefaultStatus(body, type);
        FoldStringData(body, type);
        return body;
    }

    /// <summary>A whole-object update (PUT or a patch of the main resource): status is kept where a status subresource owns it.</summary>
    public static JsonObject Update(JsonObject current, JsonObject incoming, ResourceType type, ObjectKey key)
    {
        CheckUid(current, incoming, key);
        CheckVersion(current, incoming, key);
        CheckName(incoming, key);
        var next = (JsonObject)incoming.DeepClone();
        FoldStringData(next, type);
        next["apiVersion"] = current["apiVersion"]?.DeepClone();
        next["kind"] = type.Kind;
        var metadata = ObjectMetadata.Of(next);
        var currentMetadata = ObjectMetadata.Of(current);
        foreach (var owned in new[] { "name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "resourceVersion" })
        {
            if (currentMetadata[owned] is { } value)
                metadata[owned] = value.DeepClone();
            else
                metadata.Remove(owned);
        }

        if (type.HasStatus)
        {
            next.Remove("status");
            if (current["status"] is { } status)
                next["status"] = status.DeepClone();
        }

        if (!JsonNode.DeepEquals(Body(current, type), Body(next, type)))
            metadata["generation"] = ObjectMetadata.Generation(current) + 1;
        return next;
    }

    /// <summary>
    /// An update through the status subresource: <c>status</c> changes, and for built-in types also the labels and
    /// annotations (as kubelet and Multus rely on for pods); a custom resource keeps all of its metadata.
    /// </summary>
    public static JsonObject UpdateStatus(JsonObject current, JsonObject incoming, ResourceType type, ObjectKey key)
    {
        CheckUid(current, incoming, key);
        CheckVersion(current, incoming, key);
        CheckName(incoming, key);
        var next = (JsonObject)current.DeepClone();
        next.Remove("status");
        if (incoming["status"] is { } status)
            next["status"] = status.DeepClone();
        if (type.BuiltIn)
        {
            var metadata = ObjectMetadata.Of(next);
            foreach (var field in new[] { "labels", "annotations" })
            {
                metadata.Remove(field);
                if (incoming["metadata"]?[field] is { } value)
                    metadata[field] = value.DeepClone();
            }
        }

        return next;
    }

    /// <summary>A uid in the object sent is a precondition: it must name the stored object, not an older one of the same name.</summary>
    private static void CheckUid(JsonObject current, JsonObject incoming, ObjectKey key)
    {
        var sent = ObjectMetadata.GetString(incoming, "uid");
        var stored = ObjectMetadata.GetString(current, "uid");
        if (!string.IsNullOrEmpty(sent) && sent != stored)
            throw ApiException.UidConflict(key, sent, stored ?? "");
    }

    private static void CheckVersion(JsonObject current, JsonObject incoming, ObjectKey key)
    {
        var expected = ObjectMetadata.GetString(incoming, "resourceVersion");
        if (!string.IsNullOrEmpty(expected) && expected != ObjectMetadata.GetString(current, "resourceVersion"))
            throw ApiException.Conflict(key);
    }

    private static void CheckName(JsonObject incoming, ObjectKey key)
    {
        var name = ObjectMetadata.GetString(incoming, "name");
        if (!string.IsNullOrEmpty(name) && name != key.Name)
            throw ApiException.BadRequest($"the name of the object ({name}) does not match the name on the URL ({key.Name})");
    }

    private static JsonObject Body(JsonObject obj, ResourceType type)
    {
        var body = (JsonObject)obj.DeepClone();
        body.Remove("metadata");
        if (type.HasStatus)
            body.Remove("status");
        return body;
    }

    private static void DefaultStatus(JsonObject body, ResourceType type)
    {
        if (!type.BuiltIn || type.Group.Length != 0 || body["status"] is not null)
            return;
        if (type.Plural == "pods")
            body["status"] = new JsonObject { ["phase"] = "Pending" };
        else if (type.Plural == "namespaces")
            body["status"] = new JsonObject { ["phase"] = "Active" };
    }

    /// <summary>A Secret's write-only <c>stringData</c> goes into <c>data</c> (base64), overriding its keys, as the real server does.</summary>
    private static void FoldStringData(JsonObject body, ResourceType type)
    {
        if (!type.BuiltIn || type.Group.Length != 0 || type.Plural != "secrets" || body["stringData"] is not JsonObject strings)
            return;
        var data = body["data"] as JsonObject ?? [];
        foreach (var (key, value) in strings)
            data[key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? ""));
        body.Remove("stringData");
        body["data"] = data.Parent is null ? data : data.DeepClone();
    }
}
