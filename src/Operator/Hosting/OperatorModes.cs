using System.Diagnostics.CodeAnalysis;

namespace Multi.Operator.Hosting;

/// <summary>
/// Which modes this executable carries. Both, unless it was published for one (<c>-p:OperatorMode=manager</c> or
/// <c>agent</c>, as <c>scripts/image.sh</c> does): then the switch of the other mode is set to false with
/// <c>Trim="true"</c>, NativeAOT treats it as a constant and drops every type only that mode reaches (the manager loses
/// the CNI engine, netlink and the daemon; the agent loses the controllers and the webhook's HTTPS), which makes the
/// executable smaller and, because NativeAOT rehydrates metadata in proportion to it, its resident memory too.
/// </summary>
internal static class OperatorModes
{
    public const string ManagerSwitch = "Multi.Operator.ManagerSupport";

    public const string AgentSwitch = "Multi.Operator.AgentSupport";

    [FeatureSwitchDefinition(ManagerSwitch)]
    public static bool ManagerSupported => !AppContext.TryGetSwitch(ManagerSwitch, out var enabled) || enabled;

    [FeatureSwitchDefinition(AgentSwitch)]
    public static bool AgentSupported => !AppContext.TryGetSwitch(AgentSwitch, out var enabled) || enabled;

    /// <summary>Whether <paramref name="mode"/> (a valid mode name) is in this executable.</summary>
    public static bool Supports(string? mode) => mode switch
    {
        null or "manager" => ManagerSupported,
        "agent" => AgentSupported,
        _ => true,
    };
}
