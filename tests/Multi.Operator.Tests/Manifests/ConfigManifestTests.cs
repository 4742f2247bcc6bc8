using k8s;
using Multi.Operator.Entities;
using Multi.Operator.NodeAgent.HostInterfaces;
using Multi.Operator.Tests.Support;
using Multi.Sandbox.Host;

namespace Multi.Operator.Tests.Manifests;

/// <summary>What a cluster admin applies (<c>config/</c>, <c>crds/</c>) goes through kubectl against the embedded API server.</summary>
public sealed class ConfigManifestTests
{
    private static readonly string? Kubectl = new[] { "/usr/bin/kubectl", "/usr/local/bin/kubectl" }.FirstOrDefault(File.Exists);

    [Fact]
    public async Task ApplyKustomization_Config_CreatesEveryObject()
    {
        Assert.True(Kubectl is not null, "kubectl is not on PATH: scripts/test.sh installs it (Debian package kubernetes-client) when the machine lacks it");
        await using var op = await OperatorCluster.StartAsync(startManager: false);

        var apply = await KubectlAsync(op, "apply", "-k", Path.Combine(RepoLayout.Root, "config"));
        var again = await KubectlAsync(op, "apply", "-k", Path.Combine(RepoLayout.Root, "config"));

        Assert.True(apply.Succeeded, apply.Stderr + apply.Stdout);
        Assert.True(again.Succeeded, again.Stderr + again.Stdout);
        var deployment = await op.Client.AppsV1.ReadNamespacedDeploymentAsync("multi-manager", "multi-system", cancellationToken: TestContext.Current.CancellationToken);
        var daemonSet = await op.Client.AppsV1.ReadNamespacedDaemonSetAsync("multi-agent", "multi-system", cancellationToken: TestContext.Current.CancellationToken);
        var role = await op.Client.RbacAuthorizationV1.ReadClusterRoleAsync("multi-manager", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("ghcr.io/multi-cni/multi:v0.1.0", deployment.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal("multi-agent", daemonSet.Spec.Template.Spec.ServiceAccountName);
        AssertAgentServesCni(daemonSet.Spec.Template.Spec);
        Assert.Contains(role.Rules, r => r.Resources.Contains("network-attachment-definitions") && r.Verbs.Contains("create"));
        Assert.DoesNotContain(role.Rules, r => r.Verbs.Contains("*") || r.Resources.Contains("*") || r.Resources.Contains("secrets"));
        await op.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("clusternetworks.multi.dev", cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task DryRunClient_EveryManifest_Passes()
    {
        Assert.True(Kubectl is not null, "kubectl is not on PATH: scripts/test.sh installs it (Debian package kubernetes-client) when the machine lacks it");
        await using var op = await OperatorCluster.StartAsync(startManager: false);
        var manifests = Directory.GetFiles(Path.Combine(RepoLayout.Root, "config"), "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(RepoLayout.Root, "crds"), "*_*.yaml"))
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .Order(StringComparer.Ordinal)
            .ToList();

        var failures = new List<string>();
        foreach (var manifest in manifests)
        {
            var result = await KubectlAsync(op, "apply", "--dry-run=client", "-f", manifest);
            if (!result.Succeeded)
            {
                failures.Add($"{Path.GetRelativePath(RepoLayout.Root, manifest)}: {result.Stderr}");
            }
        }

        Assert.True(manifests.Count >= 8, $"only {manifests.Count} manifests found");
        Assert.Empty(failures);
    }

    [Fact]
    public async Task KubectlGetClusterNetworks_ByShortName_ShowsTheStatusColumns()
    {
        Assert.True(Kubectl is not null, "kubectl is not on PATH: scripts/test.sh installs it (Debian package kubernetes-client) when the machine lacks it");
        await using var op = await OperatorCluster.StartAsync();
        await op.CreateNamespaceAsync("apps");
        await op.CreateNetworkAsync("storage", new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "macvlan",
            ["master"] = "eth1",
            ["ipam"] = new System.Text.Json.Nodes.JsonObject { ["raw"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "dhcp" } },
            ["namespaces"] = new System.Text.Json.Nodes.JsonArray("apps"),
        });
        await Eventually.TrueAsync(async () => await op.ConditionAsync("storage", "Ready") == "True/Rendered", "the network to be Ready");

        var get = await KubectlAsync(op, "get", "cn");

        Assert.True(get.Succeeded, get.Stderr);
        var lines = get.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "TYPE", "INTERFACE", "NADS", "READY", "REASON", "NODES", "AGE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["storage", "macvlan", "eth1", "1", "True", "Rendered"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..6]);
    }

    [Fact]
    public async Task KubectlGetIpPools_ByShortName_ShowsUsageAndConditionColumns()
    {
        Assert.True(Kubectl is not null, "kubectl is not on PATH: scripts/test.sh installs it (Debian package kubernetes-client) when the machine lacks it");
        await using var op = await OperatorCluster.StartAsync();
        await op.Client.CustomObjects.CreateClusterCustomObjectAsync(
            new System.Text.Json.Nodes.JsonObject { ["apiVersion"] = "multi.dev/v1alpha1", ["kind"] = "IPPool", ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "blue" }, ["spec"] = new System.Text.Json.Nodes.JsonObject { ["cidr"] = "10.0.0.0/30" } },
            "multi.dev", "v1alpha1", "ippools", cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(async () => (await op.GetPoolAsync("blue"))?.Status?.Capacity == "2", "the pool's status");

        var get = await KubectlAsync(op, "get", "ipp");

        Assert.True(get.Succeeded, get.Stderr);
        var lines = get.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "CIDR", "CAPACITY", "ALLOCATED", "FREE", "READY", "EXHAUSTED", "AGE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["blue", "10.0.0.0/30", "2", "0", "2", "True", "False"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..7]);
    }

    [Fact]
    public async Task KubectlGetNodeNetworkStates_ByShortName_ShowsTheLinkColumns()
    {
        Assert.True(Kubectl is not null, "kubectl is not on PATH: scripts/test.sh installs it (Debian package kubernetes-client) when the machine lacks it");
        await using var op = await OperatorCluster.StartAsync(startManager: false);
        var network = new Multi.Core.Networks.ClusterNetworkSpec
        {
            Type = "macvlan",
            HostInterface = new() { Vlan = new() { Parent = "eth1", Id = 100 } },
        };
        var plan = HostLinkPlanner.Plan(NodeDesiredStateBuilder.Compute([("blue", network)], null), [new ObservedLink("eth1", 3, LinkKind.Other) { AdminUp = true }], []);
        var status = NodeNetworkStateStatusBuilder.Build(plan, "EBUSY", null, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        var state = new NodeNetworkState { Metadata = new() { Name = "node-1" }, Spec = new() { NodeName = "node-1" } };
        await op.Client.CustomObjects.CreateClusterCustomObjectAsync(state, NodeNetworkState.Group, NodeNetworkState.Version, NodeNetworkState.Plural, cancellationToken: TestContext.Current.CancellationToken);
        var patch = new System.Text.Json.Nodes.JsonObject { ["status"] = System.Text.Json.Nodes.JsonNode.Parse(KubernetesJson.Serialize(status)) };
        await op.Client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            new k8s.Models.V1Patch(patch.ToJsonString(), k8s.Models.V1Patch.PatchType.MergePatch), NodeNetworkState.Group, NodeNetworkState.Version, NodeNetworkState.Plural, "node-1",
            cancellationToken: TestContext.Current.CancellationToken);

        var get = await KubectlAsync(op, "get", "nns");

        Assert.True(get.Succeeded, get.Stderr);
        var lines = get.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "NODE", "LINKS", "READY", "REASON", "AGE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["node-1", "node-1", "0/1", "False", "Pending"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..5]);
    }

    /// <summary>The node daemon's needs (docs/operator.md, "Node daemon"): its socket dir, the netns and CNI state, the host's PIDs.</summary>
    private static void AssertAgentServesCni(k8s.Models.V1PodSpec pod)
    {
        var agent = pod.Containers.Single();
        Assert.True(pod.HostPID);
        Assert.Contains(agent.Env, e => e.Name == "Operator__Daemon__Enabled" && e.Value == "true");
        Assert.True(agent.SecurityContext.Privileged);
        var hostPaths = pod.Volumes.Where(v => v.HostPath is not null).ToDictionary(v => v.Name, v => v.HostPath.Path);
        var mounts = agent.VolumeMounts.ToDictionary(m => m.MountPath);
        foreach (var path in new[] { "/opt/cni/bin", "/etc/cni/net.d", "/var/lib/multi/serviceaccount", "/run/multi", "/var/run/netns", "/var/lib/cni" })
        {
            Assert.True(mounts.TryGetValue(path, out var mount), $"{path} is not mounted");
            Assert.Equal(path, hostPaths[mount.Name]);
        }

        Assert.Equal("HostToContainer", mounts["/var/run/netns"].MountPropagation);
    }

    private static Task<CommandResult> KubectlAsync(OperatorCluster op, params string[] args) =>
        HostCommand.RunAsync(
            Kubectl!,
            args,
            environment: new Dictionary<string, string?> { ["KUBECONFIG"] = Path.Combine(op.Cluster.Directory, "kubeconfig") },
            timeout: TimeSpan.FromSeconds(60),
            cancellationToken: TestContext.Current.CancellationToken);
}
