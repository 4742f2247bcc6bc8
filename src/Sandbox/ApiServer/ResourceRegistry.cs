namespace Multi.Sandbox.ApiServer;

/// <summary>The resources the server serves: the built-in ones and those registered by CustomResourceDefinitions.</summary>
internal sealed class ResourceRegistry
{
    public const string CrdGroup = "apiextensions.k8s.io";
    public const string CrdResource = "customresourcedefinitions";

    private static readonly ResourceType[] BuiltIns =
    [
        new("", "v1", "pods", "Pod", Namespaced: true, HasStatus: true, BuiltIn: true, ShortName: "po"),
        new("", "v1", "namespaces", "Namespace", Namespaced: false, HasStatus: true, BuiltIn: true, ShortName: "ns"),
        new("", "v1", "events", "Event", Namespaced: true, HasStatus: false, BuiltIn: true, ShortName: "ev"),
        new("", "v1", "nodes", "Node", Namespaced: false, HasStatus: true, BuiltIn: true, ShortName: "no"),
        new("", "v1", "configmaps", "ConfigMap", Namespaced: true, HasStatus: false, BuiltIn: true, ShortName: "cm"),
        new("", "v1", "secrets", "Secret", Namespaced: true, HasStatus: false, BuiltIn: true),
        new("", "v1", "serviceaccounts", "ServiceAccount", Namespaced: true, HasStatus: false, BuiltIn: true, ShortName: "sa"),
        new("coordination.k8s.io", "v1", "leases", "Lease", Namespaced: true, HasStatus: false, BuiltIn: true),
        new("events.k8s.io", "v1", "events", "Event", Namespaced: true, HasStatus: false, BuiltIn: true),
        new(CrdGroup, "v1", CrdResource, "CustomResourceDefinition", Namespaced: false, HasStatus: true, BuiltIn: true, ShortName: "crd"),
    ];

    private readonly Lock gate = new();
    private readonly Dictionary<string, List<ResourceType>> byCrd = new(StringComparer.Ordinal);

    public ResourceType? Find(string group, string version, string plural)
    {
        foreach (var type in All())
        {
            if (type.Group == group && type.Version == version && type.Plural == plural)
                return type;
        }

        return null;
    }

    public IReadOnlyList<ResourceType> All()
    {
        lock (gate)
            return [.. BuiltIns, .. byCrd.Values.SelectMany(t => t)];
    }

    public IReadOnlyList<ResourceType> InGroupVersion(string group, string version) =>
        All().Where(t => t.Group == group && t.Version == version).ToList();

    /// <summary>Groups (other than the core group) with their versions, in registration order.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups() =>
        All().Where(t => t.Group.Length > 0)
            .GroupBy(t => t.Group, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(t => t.Version).Distinct(StringComparer.Ordinal).ToList()))
            .ToList();

    public void Register(string crdName, IReadOnlyList<ResourceType> types)
    {
        lock (gate)
            byCrd[crdName] = [.. types];
    }

    public IReadOnlyList<ResourceType> Unregister(string crdName)
    {
        lock (gate)
            return byCrd.Remove(crdName, out var types) ? types : [];
    }
}
