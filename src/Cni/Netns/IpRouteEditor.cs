using System.ComponentModel;
using System.Diagnostics;
using System.Net.Sockets;
using Multi.Core.Annotations;
using Multi.Core.Cni;

namespace Multi.Cni.Netns;

/// <summary>
/// Runs iproute2's <c>ip -batch</c> inside the pod's network namespace through util-linux <c>nsenter</c>: one
/// process per interface and family, both commands in one batch. Only used when a pod asks for <c>default-route</c>.
/// </summary>
internal sealed class IpRouteEditor(TimeProvider clock) : IRouteEditor
{
    private static readonly string[] SearchDirectories = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task ApplyAsync(string netnsPath, string ifName, DefaultRouteAction action, CancellationToken cancellationToken)
    {
        var family = action.Family == AddressFamily.InterNetworkV6 ? "-6" : "-4";
        var batch = $"route flush exact {action.DefaultDestination} dev {ifName}\n"
            + (action.Gateway is { } gw ? $"route add default via {IpText.Canonical(gw)} dev {ifName}\n" : string.Empty);
        var what = action.Gateway is { } g ? $"set the default route via {IpText.Canonical(g)} on {ifName}" : $"remove the {(family == "-6" ? "IPv6" : "IPv4")} default routes of {ifName}";

        var info = new ProcessStartInfo(Find("nsenter"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { $"--net={netnsPath}", Find("ip"), family, "-batch", "-" })
        {
            info.ArgumentList.Add(argument);
        }

        using var timeout = new CancellationTokenSource(Timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync(linked.Token);
            var stdout = process.StandardOutput.ReadToEndAsync(linked.Token);
            await process.StandardInput.WriteAsync(batch.AsMemory(), linked.Token).ConfigureAwait(false);
            process.StandardInput.Close();
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            _ = await stdout.ConfigureAwait(false);
            var errors = (await stderr.ConfigureAwait(false)).Trim();
            if (process.ExitCode != 0)
            {
                throw new CniException(CniErrorCode.DelegateFailed, $"cannot {what} in {netnsPath}: ip exited with {process.ExitCode}", errors);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or Win32Exception)
        {
            throw new CniException(CniErrorCode.DelegateFailed, $"cannot {what} in {netnsPath}: {ex.Message}");
        }
    }

    private static string Find(string tool) =>
        SearchDirectories.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists)
        ?? throw new CniException(CniErrorCode.DelegateNotFound, $"\"{tool}\" is needed for default-route but was not found in {string.Join(", ", SearchDirectories)}");
}
