using System.Diagnostics;
using Multi.Operator.NodeAgent.Install;

namespace Multi.Operator.Tests.NodeAgent.Install;

public sealed class BinaryInstallerTests
{
    [Fact]
    public void Install_Fresh_WritesEngineThenShimUnderBothNamesExecutable_ThenSkipsIdentical()
    {
        using var host = new HostRoot();
        File.WriteAllBytes(Path.Combine(host.Options.SourceDir, "multi"), [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(host.Options.SourceDir, "multi-engine"), [4, 5]);
        var installer = new BinaryInstaller(host.Options);

        var first = installer.Install();
        var second = installer.Install();

        Assert.Equal(["multi-engine", "multi", "multi-ipam"], first);
        Assert.Empty(second);
        foreach (var name in first)
        {
            var path = Path.Combine(host.Options.CniBinDir, name);
            Assert.Equal(name == "multi-engine" ? [4, 5] : [1, 2, 3], File.ReadAllBytes(path));
            Assert.Equal(AtomicFile.Executable, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void Install_EngineMissing_WritesNothing()
    {
        using var host = new HostRoot();
        File.WriteAllBytes(Path.Combine(host.Options.SourceDir, "multi"), [1, 2, 3]);

        var ex = Assert.Throws<FileNotFoundException>(() => new BinaryInstaller(host.Options).Install());

        Assert.Contains("multi-engine", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(host.Options.CniBinDir) ? Directory.GetFileSystemEntries(host.Options.CniBinDir) : []);
    }

    [Fact]
    public async Task Install_BusyBinary_ReplacedByRenameWhileItRuns()
    {
        using var host = new HostRoot();
        var target = Path.Combine(host.Options.CniBinDir, "multi");
        File.Copy("/bin/sleep", target);
        File.SetUnixFileMode(target, AtomicFile.Executable);
        using var running = Process.Start(target, "30");
        var oldInode = Inode(target);
        var newContent = "#!/bin/sh\necho new multi\n"u8.ToArray();
        File.WriteAllBytes(Path.Combine(host.Options.SourceDir, "multi"), newContent);
        File.WriteAllBytes(Path.Combine(host.Options.SourceDir, "multi-engine"), newContent);

        try
        {
            var written = new BinaryInstaller(host.Options).Install();

            Assert.Contains("multi", written);
            Assert.False(running.HasExited, "the process running the old binary was disturbed");
            Assert.Equal(newContent, File.ReadAllBytes(target));
            Assert.NotEqual(oldInode, Inode(target));
            Assert.Empty(Directory.GetFiles(host.Options.CniBinDir, "*.tmp", SearchOption.AllDirectories));
            Assert.Empty(Directory.GetFiles(host.Options.CniBinDir, ".*"));
        }
        finally
        {
            running.Kill();
            await running.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public void Install_SourceMissing_Throws()
    {
        using var host = new HostRoot();

        var ex = Assert.Throws<FileNotFoundException>(() => new BinaryInstaller(host.Options).Install());

        Assert.Contains(host.Options.SourceDir, ex.Message, StringComparison.Ordinal);
    }

    private static string Inode(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true })!;
        var text = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return text.Trim();
    }
}
