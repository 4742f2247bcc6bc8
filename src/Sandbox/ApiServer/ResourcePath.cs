namespace Multi.Sandbox.ApiServer;

/// <summary>
/// A REST path below <c>/api/v1</c> or <c>/apis/{group}/{version}</c>:
/// <c>[namespaces/{ns}/]{resource}[/{name}[/status]]</c>. A namespaced resource without a namespace means all namespaces.
/// </summary>
internal sealed record ResourcePath(ResourceType Type, string? Namespace, string? Name, bool Status)
{
    public ObjectKey Key(string name) => new(Type.Group, Type.Plural, Namespace ?? "", name);

    public ObjectKey Key() => Key(Name ?? throw ApiException.BadRequest("the request needs a name"));

    public static ResourcePath Parse(ResourceRegistry registry, string group, string version, string[] rest)
    {
        if (rest.Length >= 3 && rest[0] == "namespaces" && registry.Find(group, version, rest[2]) is { Namespaced: true } namespaced)
            return Build(namespaced, rest[1], rest[3..]);
        var type = registry.Find(group, version, rest[0])
            ?? throw new ApiException(404, "NotFound", $"the server could not find the requested resource ({group}/{version} {rest[0]})");
        if (type.Namespaced && rest.Length > 1)
            throw new ApiException(404, "NotFound", $"{type.Plural} is namespaced: use namespaces/{{namespace}}/{type.Plural}");
        return Build(type, null, rest[1..]);
    }

    private static ResourcePath Build(ResourceType type, string? ns, string[] tail)
    {
        var name = tail.Length > 0 ? tail[0] : null;
        var status = tail.Length > 1 && tail[1] == "status" && type.HasStatus;
        if (tail.Length > 2 || (tail.Length == 2 && !status))
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        return new ResourcePath(type, ns, name, status);
    }
}
