using k8s;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Multi.Operator.Hosting;
using Multi.Operator.Tests.Support;

namespace Multi.Operator.Tests.Hosting;

public sealed class OperatorHostTests
{
    [Fact]
    public async Task Host_AgentMode_StartsAndStopsCleanly()
    {
        using var host = OperatorHost.Build(["--Operator:Mode=agent", "--Operator:NodeName=node-1", "--Operator:HostInterfaces:Enabled=false"]);
        var ct = TestContext.Current.CancellationToken;

        await host.StartAsync(ct);
        await host.StopAsync(ct);

        Assert.Equal("agent", host.Services.GetRequiredService<IOptions<OperatorOptions>>().Value.Mode);
    }

    [Fact]
    public async Task Host_ManagerMode_RunsAgainstTheApiServerAndStopsCleanly()
    {
        await using var op = await OperatorCluster.StartAsync(startManager: false);
        using var host = OperatorHost.Build(
            ["--Operator:Mode=manager", $"--Operator:Kubeconfig={Path.Combine(op.Cluster.Directory, "kubeconfig")}", "--Operator:LeaseNamespace=default", "--Operator:ProbeAddress="]);
        var ct = TestContext.Current.CancellationToken;

        await host.StartAsync(ct);
        await Eventually.TrueAsync(async () => await LeaseHolderAsync(op) is not null, "the manager to take the Lease");
        await host.StopAsync(ct);

        Assert.Equal("manager", host.Services.GetRequiredService<IOptions<OperatorOptions>>().Value.Mode);
        Assert.True(string.IsNullOrEmpty(await LeaseHolderAsync(op)), "a manager that stops cleanly releases its Lease");
    }

    [Fact]
    public async Task Process_ManagerWithoutApiServer_ExitsWithOneNamingTheKubeconfig()
    {
        var missing = Path.Combine(Path.GetTempPath(), "multi-no-such-kubeconfig-" + Guid.NewGuid().ToString("N"));
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Multi.Operator.dll"));
        info.ArgumentList.Add("--Operator:Mode=manager");
        info.Environment["KUBECONFIG"] = missing;
        info.Environment.Remove("KUBERNETES_SERVICE_HOST");

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        Assert.Contains(missing, await output + await errors, StringComparison.Ordinal);
    }

    private static async Task<string?> LeaseHolderAsync(OperatorCluster op)
    {
        try
        {
            return (await op.Client.CoordinationV1.ReadNamespacedLeaseAsync("multi-manager", "default", cancellationToken: TestContext.Current.CancellationToken)).Spec?.HolderIdentity;
        }
        catch (k8s.Autorest.HttpOperationException)
        {
            return null;
        }
    }

    [Theory]
    [InlineData("Operator:Mode must be \"manager\" or \"agent\", not \"controller\"", "--Operator:Mode=controller")]
    [InlineData("Operator:NodeName is required in agent mode", "--Operator:Mode=agent")]
    [InlineData("Operator:Install:CniConfDir must be an absolute path", "--Operator:Mode=agent", "--Operator:NodeName=n", "--Operator:Install:CniConfDir=etc/cni")]
    [InlineData("Operator:Install:RescanInterval must be between 1 second and 10 minutes", "--Operator:Mode=agent", "--Operator:NodeName=n", "--Operator:Install:RescanInterval=00:00:00")]
    [InlineData("Operator:Install:SkipFiles entry \"a/b.conf\" must be a file name", "--Operator:Mode=agent", "--Operator:NodeName=n", "--Operator:Install:SkipFiles:0=a/b.conf")]
    [InlineData("Operator:IpamDaemonSocket \"run/multi.sock\" must be an absolute path", "--Operator:IpamDaemonSocket=run/multi.sock")]
    [InlineData("Operator:Webhook:Port must be 1–65535, not 70000", "--Operator:Webhook:Port=70000")]
    [InlineData("Operator:Webhook:CertDir \"certs\" must be an absolute path", "--Operator:Webhook:Enabled=true", "--Operator:Webhook:CertDir=certs")]
    [InlineData("Operator:HostInterfaces:ResyncPeriod must be between 1 second and 24 hours", "--Operator:Mode=agent", "--Operator:NodeName=n", "--Operator:HostInterfaces:ResyncPeriod=00:00:00")]
    [InlineData("Operator:HostInterfaces:NetnsPath \"run/netns/x\" must be an absolute path", "--Operator:Mode=agent", "--Operator:NodeName=n", "--Operator:HostInterfaces:NetnsPath=run/netns/x")]
    [InlineData("Operator:HostInterfaces:NetnsPath \"ag-no-such-ns\" does not exist (/var/run/netns/ag-no-such-ns)", "--Operator:Mode=agent", "--Operator:NodeName=n", "--Operator:HostInterfaces:NetnsPath=ag-no-such-ns")]
    public async Task Host_InvalidOptions_FailsAtStartNamingTheOption(string message, params string[] args)
    {
        using var host = OperatorHost.Build(args);

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_InvalidOptions_ExitsWithTwoNamingEachOptionWithoutAStackTrace()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Multi.Operator.dll"), "--Operator:Mode=agent", "--Operator:NodeName=n1", "--Operator:Workers=0", "--Operator:Kubeconfig=/no/such/kubeconfig" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        var stderr = await errors;
        await output;

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("multi operator: invalid option: Operator:Workers must be 1–64, not 0", stderr, StringComparison.Ordinal);
        Assert.Contains("multi operator: invalid option: Operator:Kubeconfig \"/no/such/kubeconfig\" does not exist", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_SigTerm_ExitsWithZero()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Multi.Operator.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "--Operator:Mode=agent", "--Operator:NodeName=node-1", "--Operator:HostInterfaces:Enabled=false" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var ct = TestContext.Current.CancellationToken;
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync(ct)) is not null && !line.Contains("started in agent mode", StringComparison.Ordinal))
        {
        }

        Assert.NotNull(line);
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(ct);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, process.ExitCode);
    }
}
