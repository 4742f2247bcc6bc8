namespace Multi.Operator.NodeAgent.Install;

/// <summary>
/// Installs the image's CNI executables into the host's CNI bin dir, each by <see cref="AtomicFile.Copy"/>: first
/// <c>multi-engine</c> (NativeAOT: the engine and thin path), then the shim as <c>multi</c> and <c>multi-ipam</c> (one program
/// under two names), so that a newly installed shim always finds the engine it execs beside it. A file with the same content
/// is left alone; nothing is written unless every source is there.
/// </summary>
internal sealed class BinaryInstaller(InstallOptions options)
{
    /// <summary>Source name in <see cref="InstallOptions.SourceDir"/> and installed name, in the order they are written.</summary>
    public static readonly (string Source, string Target)[] Installed = [("multi-engine", "multi-engine"), ("multi", "multi"), ("multi", "multi-ipam")];

    /// <summary>The names written on this call (empty: everything was up to date).</summary>
    public IReadOnlyList<string> Install()
    {
        foreach (var source in Installed.Select(i => Path.Combine(options.SourceDir, i.Source)).Distinct())
        {
            if (!File.Exists(source))
            {
                throw new FileNotFoundException($"the CNI binary to install is missing: {source}", source);
            }
        }

        Directory.CreateDirectory(options.CniBinDir);
        var written = new List<string>();
        foreach (var (sourceName, name) in Installed)
        {
            var source = Path.Combine(options.SourceDir, sourceName);
            var target = Path.Combine(options.CniBinDir, name);
            if (!AtomicFile.SameContent(source, target))
            {
                AtomicFile.Copy(source, target, AtomicFile.Executable);
                written.Add(name);
            }
        }

        return written;
    }
}
