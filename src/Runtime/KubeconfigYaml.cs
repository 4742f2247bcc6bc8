using k8s.KubeConfigModels;
using YamlDotNet.RepresentationModel;

namespace Multi.Runtime;

/// <summary>
/// The kubeconfig fields <see cref="k8s.KubernetesClientConfiguration"/> reads, from YAML nodes to the client's model
/// (the keys are the <c>YamlMember</c> aliases of <c>k8s.KubeConfigModels</c>). No reflection, so it runs under NativeAOT.
/// </summary>
internal static class KubeconfigYaml
{
    public static K8SConfiguration Configuration(YamlMappingNode root) => new()
    {
        ApiVersion = Text(root, "apiVersion"),
        Kind = Text(root, "kind"),
        CurrentContext = Text(root, "current-context"),
        Clusters = Items(root, "clusters", c => new Cluster { Name = Text(c, "name"), ClusterEndpoint = Map(c, "cluster", Endpoint) }),
        Users = Items(root, "users", u => new User { Name = Text(u, "name"), UserCredentials = Map(u, "user", Credentials) }),
        Contexts = Items(root, "contexts", c => new Context { Name = Text(c, "name"), ContextDetails = Map(c, "context", Details) }),
    };

    private static ClusterEndpoint Endpoint(YamlMappingNode node) => new()
    {
        Server = Text(node, "server"),
        CertificateAuthority = Text(node, "certificate-authority"),
        CertificateAuthorityData = Text(node, "certificate-authority-data"),
        TlsServerName = Text(node, "tls-server-name"),
        SkipTlsVerify = Flag(node, "insecure-skip-tls-verify"),
    };

    private static ContextDetails Details(YamlMappingNode node) => new()
    {
        Cluster = Text(node, "cluster"),
        User = Text(node, "user"),
        Namespace = Text(node, "namespace"),
    };

    private static UserCredentials Credentials(YamlMappingNode node) => new()
    {
        ClientCertificateData = Text(node, "client-certificate-data"),
        ClientCertificate = Text(node, "client-certificate"),
        ClientKeyData = Text(node, "client-key-data"),
        ClientKey = Text(node, "client-key"),
        Token = Text(node, "token"),
        Impersonate = Text(node, "as"),
        ImpersonateGroups = Strings(node, "as-groups"),
        ImpersonateUserExtra = Dictionary(node, "as-user-extra"),
        UserName = Text(node, "username"),
        Password = Text(node, "password"),
        AuthProvider = Map(node, "auth-provider", p => new AuthProvider { Name = Text(p, "name"), Config = Dictionary(p, "config") }),
        ExternalExecution = Map(node, "exec", Execution),
    };

    private static ExternalExecution Execution(YamlMappingNode node) => new()
    {
        ApiVersion = Text(node, "apiVersion"),
        Command = Text(node, "command"),
        Arguments = Strings(node, "args").ToList(),
        EnvironmentVariables = Items(node, "env", Dictionary),
        InstallHint = Text(node, "installHint"),
        ProvideClusterInfo = Flag(node, "provideClusterInfo"),
    };

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    /// <summary>A scalar's text; null when the key is absent, null (<c>~</c>, empty) or not a scalar.</summary>
    private static string? Text(YamlMappingNode node, string key) =>
        Child(node, key) is YamlScalarNode { Value: { Length: > 0 } value } scalar && !(scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && value is "~" or "null")
            ? value
            : null;

    private static bool Flag(YamlMappingNode node, string key) => bool.TryParse(Text(node, key), out var value) && value;

    private static T? Map<T>(YamlMappingNode node, string key, Func<YamlMappingNode, T> read)
        where T : class =>
        Child(node, key) is YamlMappingNode child ? read(child) : null;

    private static List<T> Items<T>(YamlMappingNode node, string key, Func<YamlMappingNode, T> read) =>
        Child(node, key) is YamlSequenceNode sequence ? [.. sequence.Children.OfType<YamlMappingNode>().Select(read)] : [];

    private static string[] Strings(YamlMappingNode node, string key) =>
        Child(node, key) is YamlSequenceNode sequence ? [.. sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "")] : [];

    private static Dictionary<string, string> Dictionary(YamlMappingNode node, string key) =>
        Child(node, key) is YamlMappingNode child ? Dictionary(child) : [];

    private static Dictionary<string, string> Dictionary(YamlMappingNode node) =>
        node.Children
            .Where(p => p.Key is YamlScalarNode { Value: not null } && p.Value is YamlScalarNode)
            .ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value ?? "", StringComparer.Ordinal);
}
