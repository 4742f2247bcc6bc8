namespace Multi.Operator.NodeAgent.Install;

/// <summary>
/// Installs the <c>multi</c> binary of the image into the host's CNI bin dir as <c>multi</c> and <c>multi-ipam</c> (the
/// same program under two names), each by <see cref="AtomicFile.Copy"/>; a file with the same content is left alone.
/// </summary>
internal sealed class BinaryInstaller(InstallOptions options)
{
    public static readonly string[] InstalledNames = ["multi", "multi-ipam"];

    /// <summary>The names written on this call (empty: everything was up to date).</summary>
    public IReadOnlyList<string> Install()
    {
        var source = Path.Combine(options.SourceDir, "multi");
        if (!File.Exists(source))
        {
            throw new FileNotFoundException($"the multi binary to install is missing: {source}", source);
        }

        Directory.CreateDirectory(options.CniBinDir);
        var written = new List<string>();
        foreach (var name in InstalledNames)
        {
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
