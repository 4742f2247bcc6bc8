using System.Text.Json.Nodes;

namespace Multi.Sandbox.ApiServer.Patching;

/// <summary>
/// Strategic merge patch for built-in types: like a merge patch, but lists of named things (containers, volumes,
/// env, conditions, …) merge element by element on their merge key, <c>finalizers</c> merge as a set, and the
/// directives <c>$patch: replace|delete</c>, <c>$deleteFromPrimitiveList/…</c> and <c>$retainKeys</c> apply.
/// Merge keys are looked up by field name, which is unambiguous for the types this server serves.
/// </summary>
internal static class StrategicMergePatch
{
    private const string Directive = "$patch";
    private const string DeleteFromPrimitiveList = "$deleteFromPrimitiveList/";

    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name", ["initContainers"] = "name", ["ephemeralContainers"] = "name",
        ["volumes"] = "name", ["env"] = "name", ["imagePullSecrets"] = "name", ["resourceClaims"] = "name",
        ["containerStatuses"] = "name", ["initContainerStatuses"] = "name", ["ephemeralContainerStatuses"] = "name",
        ["ports"] = "containerPort", ["volumeMounts"] = "mountPath", ["volumeDevices"] = "devicePath",
        ["conditions"] = "type", ["ownerReferences"] = "uid", ["hostAliases"] = "ip", ["podIPs"] = "ip",
        ["hostIPs"] = "ip", ["addresses"] = "type", ["taints"] = "key", ["webhooks"] = "name",
    };

    private static readonly HashSet<string> PrimitiveSets = new(StringComparer.Ordinal) { "finalizers" };

    public static JsonObject Apply(JsonObject target, JsonNode? patch) =>
        patch is JsonObject patchObject
            ? MergeObject(target, patchObject) ?? []
            : throw ApiException.BadRequest("a strategic merge patch must be a JSON object");

    private static JsonObject? MergeObject(JsonObject? target, JsonObject patch)
    {
        switch (DirectiveOf(patch))
        {
            case "delete":
                return null;
            case "replace":
                return WithoutDirectives(patch);
        }

        var result = target is null ? [] : (JsonObject)target.DeepClone();
        foreach (var (name, value) in patch)
        {
            if (name.StartsWith(DeleteFromPrimitiveList, StringComparison.Ordinal))
                RemoveValues(result, name[DeleteFromPrimitiveList.Length..], value as JsonArray ?? []);
            else if (!name.StartsWith('$'))
                MergeField(result, name, value);
        }

        if (patch["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => k?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var name in result.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
                result.Remove(name);
        }

        return result;
    }

    private static void MergeField(JsonObject result, string name, JsonNode? value)
    {
        if (value is null)
        {
            result.Remove(name);
            return;
        }

        var current = result[name];
        JsonNode? merged = value switch
        {
            JsonObject patchObject => MergeObject(current as JsonObject, patchObject),
            JsonArray patchArray when MergeKeys.TryGetValue(name, out var key) => MergeList(current as JsonArray, patchArray, PortKey(key, patchArray)),
            JsonArray patchArray when PrimitiveSets.Contains(name) => Union(current as JsonArray, patchArray),
            _ => value.DeepClone(),
        };
        if (merged is null)
            result.Remove(name);
        else
            result[name] = merged;
    }

    private static JsonArray MergeList(JsonArray? target, JsonArray patch, string key)
    {
        if (patch.OfType<JsonObject>().Any(e => DirectiveOf(e) == "replace" && e.Count == 1))
            return new JsonArray(patch.OfType<JsonObject>().Where(e => DirectiveOf(e) is null).Select(e => (JsonNode?)WithoutDirectives(e)).ToArray());
        var items = (target ?? []).Select(e => e?.DeepClone()).ToList();
        foreach (var element in patch)
        {
            if (element is not JsonObject patchElement)
            {
                items.Add(element?.DeepClone());
                continue;
            }

            var index = items.FindIndex(e => e is JsonObject o && JsonNode.DeepEquals(o[key], patchElement[key]));
            if (DirectiveOf(patchElement) == "delete")
            {
                if (index >= 0)
                    items.RemoveAt(index);
            }
            else if (index >= 0)
            {
                items[index] = MergeObject((JsonObject)items[index]!, patchElement);
            }
            else
            {
                items.Add(MergeObject(null, patchElement));
            }
        }

        return new JsonArray(items.ToArray());
    }

    /// <summary>Container ports merge on <c>containerPort</c>, a Service's ports on <c>port</c>: the patch's elements say which.</summary>
    private static string PortKey(string key, JsonArray patch) =>
        key == "containerPort" && !patch.OfType<JsonObject>().Any(e => e.ContainsKey(key)) && patch.OfType<JsonObject>().Any(e => e.ContainsKey("port"))
            ? "port"
            : key;

    private static JsonArray Union(JsonArray? target, JsonArray patch)
    {
        var items = (target ?? []).Select(e => e?.DeepClone()).ToList();
        foreach (var element in patch)
        {
            if (!items.Any(e => JsonNode.DeepEquals(e, element)))
                items.Add(element?.DeepClone());
        }

        return new JsonArray(items.ToArray());
    }

    private static void RemoveValues(JsonObject result, string field, JsonArray remove)
    {
        if (result[field] is not JsonArray current)
            return;
        var kept = current.Where(e => !remove.Any(r => JsonNode.DeepEquals(e, r))).Select(e => e?.DeepClone()).ToArray();
        result[field] = new JsonArray(kept);
    }

    private static string? DirectiveOf(JsonObject obj) =>
        obj[Directive] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static JsonObject WithoutDirectives(JsonObject obj)
    {
        var result = (JsonObject)obj.DeepClone();
        foreach (var name in result.Select(p => p.Key).Where(k => k.StartsWith('$')).ToList())
            result.Remove(name);
        return result;
    }
}
