using Multi.Operator.NodeAgent.Install;

namespace Multi.Operator.Tests.NodeAgent.Install;

public sealed class ThinCredentialsTests
{
    [Fact]
    public void Refresh_TokenRotates_CopiedAgainPrivately()
    {
        using var host = new HostRoot();
        File.WriteAllText(Path.Combine(host.Options.ServiceAccountDir, "token"), "token-1");
        File.WriteAllText(Path.Combine(host.Options.ServiceAccountDir, "ca.crt"), "CA");
        var credentials = new ThinCredentials(host.Options, "https://10.96.0.1:443");

        var first = credentials.Refresh();
        var unchanged = credentials.Refresh();
        File.WriteAllText(Path.Combine(host.Options.ServiceAccountDir, "token"), "token-2");
        var rotated = credentials.Refresh();

        Assert.Equal((true, true), first);
        Assert.Equal((false, false), unchanged);
        Assert.Equal((true, false), rotated);
        Assert.Equal("token-2", File.ReadAllText(host.Options.TokenPath));
        Assert.Equal(AtomicFile.Private, File.GetUnixFileMode(host.Options.TokenPath));
        Assert.Equal(AtomicFile.Private, File.GetUnixFileMode(host.Options.KubeconfigPath));
        Assert.Equal(AtomicFile.PrivateDirectory, File.GetUnixFileMode(host.Options.TokenDir));
        Assert.Equal(AtomicFile.PrivateDirectory, File.GetUnixFileMode(Path.GetDirectoryName(host.Options.KubeconfigPath)!));
        var kubeconfig = File.ReadAllText(host.Options.KubeconfigPath);
        Assert.Contains($"tokenFile: \"{host.Options.TokenPath}\"", kubeconfig, StringComparison.Ordinal);
        Assert.Contains("server: \"https://10.96.0.1:443\"", kubeconfig, StringComparison.Ordinal);
        Assert.Contains("certificate-authority-data: " + Convert.ToBase64String("CA"u8), kubeconfig, StringComparison.Ordinal);
        Assert.DoesNotContain("token-", kubeconfig, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(host.Options.CniConfDir, "multi.d", "multi.kubeconfig"), host.Options.KubeconfigPath);
    }

    [Theory]
    [InlineData("10.96.0.1", "443", "https://10.96.0.1:443")]
    [InlineData("fd00::1", "6443", "https://[fd00::1]:6443")]
    [InlineData("", "443", null)]
    [InlineData("10.96.0.1", null, null)]
    public void ServerFromEnvironment_HostAndPort_Url(string? hostName, string? port, string? expected) =>
        Assert.Equal(expected, ThinKubeconfig.ServerFromEnvironment(hostName, port));
}
