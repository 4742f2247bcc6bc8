namespace Multi.Sandbox.ApiServer;

/// <summary>
/// The built-in resources the server serves: what the sandbox, the operator and its manifests (<c>kubectl apply -k
/// config/</c>) use, with the scope, short names and categories of the real API server.
/// </summary>
internal static class BuiltInResources
{
    public const string CrdGroup = "apiextensions.k8s.io";
    public const string CrdResource = "customresourcedefinitions";
    private const string Apps = "apps";
    private const string Rbac = "rbac.authorization.k8s.io";
    private const string Admission = "admissionregistration.k8s.io";

    private static readonly string[] All = ["all"];

    public static IReadOnlyList<ResourceType> Types { get; } =
    [
        Core("pods", "Pod", namespaced: true, status: true) with { ShortNames = ["po"], Categories = All },
        Core("namespaces", "Namespace", namespaced: false, status: true) with { ShortNames = ["ns"] },
        Core("events", "Event", namespaced: true, status: false) with { ShortNames = ["ev"] },
        Core("nodes", "Node", namespaced: false, status: true) with { ShortNames = ["no"] },
        Core("configmaps", "ConfigMap", namespaced: true, status: false) with { ShortNames = ["cm"] },
        Core("secrets", "Secret", namespaced: true, status: false),
        Core("serviceaccounts", "ServiceAccount", namespaced: true, status: false) with { ShortNames = ["sa"] },
        Core("services", "Service", namespaced: true, status: true) with { ShortNames = ["svc"], Categories = All },
        Core("endpoints", "Endpoints", namespaced: true, status: false) with { ShortNames = ["ep"], Singular = "endpoints" },
        Core("persistentvolumeclaims", "PersistentVolumeClaim", namespaced: true, status: true) with { ShortNames = ["pvc"] },
        Type(Apps, "deployments", "Deployment", namespaced: true, status: true) with { ShortNames = ["deploy"], Categories = All },
        Type(Apps, "daemonsets", "DaemonSet", namespaced: true, status: true) with { ShortNames = ["ds"], Categories = All },
        Type(Apps, "replicasets", "ReplicaSet", namespaced: true, status: true) with { ShortNames = ["rs"], Categories = All },
        Type(Apps, "statefulsets", "StatefulSet", namespaced: true, status: true) with { ShortNames = ["sts"], Categories = All },
        Type("coordination.k8s.io", "leases", "Lease", namespaced: true, status: false),
        Type("events.k8s.io", "events", "Event", namespaced: true, status: false),
        Type(Rbac, "clusterroles", "ClusterRole", namespaced: false, status: false),
        Type(Rbac, "clusterrolebindings", "ClusterRoleBinding", namespaced: false, status: false),
        Type(Rbac, "roles", "Role", namespaced: true, status: false),
        Type(Rbac, "rolebindings", "RoleBinding", namespaced: true, status: false),
        Type(Admission, "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", namespaced: false, status: false),
        Type(Admission, "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", namespaced: false, status: false),
        Type("policy", "poddisruptionbudgets", "PodDisruptionBudget", namespaced: true, status: true) with { ShortNames = ["pdb"] },
        Type(CrdGroup, CrdResource, "CustomResourceDefinition", namespaced: false, status: true) with { ShortNames = ["crd", "crds"] },
    ];

    private static ResourceType Core(string plural, string kind, bool namespaced, bool status) =>
        Type("", plural, kind, namespaced, status);

    private static ResourceType Type(string group, string plural, string kind, bool namespaced, bool status) =>
        new(group, "v1", plural, kind, namespaced, status, BuiltIn: true);
}
