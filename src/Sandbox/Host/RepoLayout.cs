namespace Multi.Sandbox.Host;

/// <summary>Where the built binaries and the Debian plugins are.</summary>
internal static class RepoLayout
{
    public const string DebianPluginDir = "/usr/lib/cni";

    /// <summary>The directory holding <c>Multi.sln</c>, searched upwards from the working directory and this assembly.</summary>
    public static string Root { get; } = FindRoot();

    public static string CniArtifacts => Path.Combine(Root, "artifacts", "cni");

    public static string MultiBinary => Path.Combine(CniArtifacts, "multi");

    /// <summary>Throws with the command to run when the published binary is missing.</summary>
    public static string RequireMultiBinary() => File.Exists(MultiBinary)
        ? MultiBinary
        : throw new FileNotFoundException($"{MultiBinary} is missing: publish it with `dotnet publish src/MetaPlugin -c Release -r linux-x64 -o artifacts/cni` (scripts/test.sh and scripts/sandbox.sh do this)");

    /// <summary>The same binary installed as the cluster IPAM plugin (it dispatches on the name it runs under).</summary>
    public static string IpamBinary => Path.Combine(CniArtifacts, "multi-ipam");

    /// <summary>
    /// The runtime's plugin search path: the Debian plugins, then the published artifacts (multi-ipam), as a node's
    /// /opt/cni/bin would hold both. multi passes it on to its delegates, which look their IPAM plugin up in it.
    /// </summary>
    public static string CniSearchPath => $"{DebianPluginDir}:{CniArtifacts}";

    /// <summary>Throws with the command to run when the multi-ipam copy is missing.</summary>
    public static string RequireIpamBinary() => File.Exists(IpamBinary)
        ? IpamBinary
        : throw new FileNotFoundException($"{IpamBinary} is missing (the sandbox-ipam network needs it): `cp artifacts/cni/multi artifacts/cni/multi-ipam` after publishing multi (scripts/sandbox.sh does both)");

    public static bool DebianPluginsInstalled => File.Exists(Path.Combine(DebianPluginDir, "bridge"));

    private static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Multi.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
