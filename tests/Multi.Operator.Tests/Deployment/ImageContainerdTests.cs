using Multi.Operator.Tests.Support;

namespace Multi.Operator.Tests.Deployment;

/// <summary>
/// The image config/kustomization.yaml names, as scripts/image.sh builds it, imported into a private containerd and run
/// with runc: the programs start with nothing but the files the image carries.
/// </summary>
public sealed class ImageContainerdTests(ImportedImage image) : IClassFixture<ImportedImage>
{
    [Fact]
    public void Import_OciArchive_ListsTheRefWithTheBuiltDigest()
    {
        SkipWhenUnable();

        Assert.Contains(ImportedImage.Ref, image.ImportOutput, StringComparison.Ordinal);
        var line = image.ListOutput.Split('\n').SingleOrDefault(l => l.StartsWith(ImportedImage.Ref + " ", StringComparison.Ordinal));
        Assert.True(line is not null, image.ListOutput);
        Assert.Contains(image.Digest, line, StringComparison.Ordinal);
        Assert.Contains("linux/amd64", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MultiVersion_PrintsTheCniVersions()
    {
        SkipWhenUnable();

        var run = await image.RunAsync(["CNI_COMMAND=VERSION"], "/opt/multi/bin/multi");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal("""{"cniVersion":"1.1.0","supportedVersions":["0.1.0","0.2.0","0.3.0","0.3.1","0.4.0","1.0.0","1.1.0"]}""", run.Stdout.Trim());
    }

    [Fact]
    public async Task Run_MultiIpamWithoutCommand_AnswersWithACniError()
    {
        SkipWhenUnable();

        var run = await image.RunAsync([], "/opt/multi/bin/multi-ipam");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("\"code\":4", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EntrypointWithoutApiServer_OperatorStartsAndExitsOneNamingWhatItTried()
    {
        SkipWhenUnable();

        // No command: the image's Entrypoint, the NativeAOT operator in its default (manager) mode.
        var run = await image.RunAsync([]);

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Output}");
        Assert.Contains("multi operator started in manager mode", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("No Kubernetes API server configuration found", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AgentExecutableInManagerMode_ExitsTwoNamingTheMissingMode()
    {
        SkipWhenUnable();

        // The DaemonSet's command: the same program published for agent mode only, so the manager is not in it.
        var run = await image.RunAsync([], "/opt/multi/agent/Multi.Operator", "--Operator:Mode=manager");

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Output}");
        Assert.Contains("Operator:Mode \"manager\" is not in this executable", run.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// The image's own loader resolves every library of each native file from the image alone, OpenSSL's included (the
    /// crypto shim loads it with dlopen, so only a run that needs TLS would otherwise notice it missing).
    /// </summary>
    [Theory]
    [InlineData("/opt/multi/operator/Multi.Operator")]
    [InlineData("/opt/multi/agent/Multi.Operator")]
    [InlineData("/lib/x86_64-linux-gnu/libssl.so.3")]
    [InlineData("/opt/multi/bin/multi-engine")]
    public async Task Run_LoaderListOfNativeFile_ResolvesEveryLibraryInTheImage(string file)
    {
        SkipWhenUnable();

        var run = await image.RunAsync([], "/lib64/ld-linux-x86-64.so.2", "--list", file);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Output}");
        Assert.DoesNotContain("not found", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6", run.Stdout, StringComparison.Ordinal);
    }

    private void SkipWhenUnable()
    {
        if (image.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
    }
}
