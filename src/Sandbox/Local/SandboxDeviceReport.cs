using Spectre.Console;

namespace Multi.Sandbox.Local;

/// <summary>Renders the device-plugin attachments: pod, interface, network, the kubelet's device ID, MAC and the device-info.</summary>
internal static class SandboxDeviceReport
{
    public static void Render(IReadOnlyList<DeviceAttachment> devices)
    {
        if (devices.Count == 0)
        {
            return;
        }

        var table = new Table().Title("Device-plugin attachments (device ID from the kubelet's PodResources API, device-info from network-status)")
            .AddColumns("pod", "interface", "network", "device ID", "MAC", "device-info");
        foreach (var d in devices)
        {
            table.AddRow(
                Markup.Escape(d.Pod),
                Markup.Escape(d.Interface),
                Markup.Escape(d.Network),
                d.Problem is null ? Markup.Escape(d.DeviceId ?? "") : $"[red]{Markup.Escape(d.Problem)}[/]",
                Markup.Escape(d.Mac ?? ""),
                Markup.Escape(d.DeviceInfo));
        }

        AnsiConsole.Write(table);
    }
}
