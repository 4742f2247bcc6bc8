using Spectre.Console;

namespace Multi.Sandbox.Local;

/// <summary>
/// Renders the device-plugin attachments, one block each (a table column would fold the device-info JSON): pod, interface,
/// network, the device ID the kubelet reports, the MAC and the <c>device-info</c> of the network-status entry.
/// </summary>
internal static class SandboxDeviceReport
{
    public static void Render(IReadOnlyList<DeviceAttachment> devices)
    {
        if (devices.Count == 0)
        {
            return;
        }

        AnsiConsole.MarkupLine("[bold]Device-plugin attachments[/] (device ID from the kubelet's PodResources API, device-info from network-status):");
        foreach (var d in devices)
        {
            var device = d.Problem is null ? Markup.Escape(d.DeviceId ?? "") : $"[red]{Markup.Escape(d.Problem)}[/]";
            AnsiConsole.MarkupLine($"  {Markup.Escape(d.Pod)} {Markup.Escape(d.Interface)} on {Markup.Escape(d.Network)}: device {device}, MAC {Markup.Escape(d.Mac ?? "?")}");
            AnsiConsole.MarkupLine($"    device-info {Markup.Escape(d.DeviceInfo)}");
        }
    }
}
