using Multi.Operator.NodeAgent.Install;

namespace Multi.Operator.Tests.NodeAgent.Install;

/// <summary>A temporary directory standing in for the host root, with the installer's options pointing into it.</summary>
internal sealed class HostRoot : IDisposable
{
    public HostRoot()
    {
        Root = Directory.CreateTempSubdirectory("multi-install-").FullName;
        Options = new InstallOptions
        {
            Enabled = true,
            SourceDir = Dir("image/opt/multi/bin"),
            CniBinDir = Dir("opt/cni/bin"),
            CniConfDir = Dir("etc/cni/net.d"),
            TokenDir = Path.Combine(Root, "var/lib/multi/serviceaccount"),
            ServiceAccountDir = Dir("pod/serviceaccount"),
        };
    }

    public string Root { get; }

    public InstallOptions Options { get; }

    public string Conf(string name) => Path.Combine(Options.CniConfDir, name);

    public void WriteConf(string name, string text) => File.WriteAllText(Conf(name), text);

    public string? ReadConfig() => File.Exists(Options.ConfigPath) ? File.ReadAllText(Options.ConfigPath) : null;

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private string Dir(string relative) => Directory.CreateDirectory(Path.Combine(Root, relative)).FullName;
}
