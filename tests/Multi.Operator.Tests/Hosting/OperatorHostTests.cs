using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Multi.Operator.Hosting;

namespace Multi.Operator.Tests.Hosting;

public sealed class OperatorHostTests
{
    [Theory]
    [InlineData("--Operator:Mode=manager")]
    [InlineData("--Operator:Mode=agent", "--Operator:NodeName=node-1")]
    public async Task Host_ValidMode_StartsAndStopsCleanly(params string[] args)
    {
        using var host = OperatorHost.Build(args);
        var ct = TestContext.Current.CancellationToken;

        await host.StartAsync(ct);
        await host.StopAsync(ct);

        Assert.Equal(args[0].Split('=')[1], host.Services.GetRequiredService<IOptions<OperatorOptions>>().Value.Mode);
    }

    [Theory]
    [InlineData("Operator:Mode must be \"manager\" or \"agent\", not \"controller\"", "--Operator:Mode=controller")]
    [InlineData("Operator:NodeName is required in agent mode", "--Operator:Mode=agent")]
    public async Task Host_InvalidOptions_FailsAtStartNamingTheOption(string message, params string[] args)
    {
        using var host = OperatorHost.Build(args);

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_SigTerm_ExitsWithZero()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Multi.Operator.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "--Operator:Mode=agent", "--Operator:NodeName=node-1" })
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
