namespace Multi.Operator.Hosting;

/// <summary>The operator's options (section <c>Operator</c>; command line <c>--Operator:Mode=agent</c>).</summary>
public sealed class OperatorOptions
{
    public const string Section = "Operator";

    /// <summary><c>manager</c> (controllers, one active replica) or <c>agent</c> (node DaemonSet).</summary>
    public string Mode { get; set; } = "manager";

    /// <summary>The node an agent serves; required in agent mode (the DaemonSet sets it from spec.nodeName).</summary>
    public string? NodeName { get; set; }
}
