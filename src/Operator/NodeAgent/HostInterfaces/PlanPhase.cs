namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>
/// The order of a plan (host-interfaces.md, section 6: additive first): parents up, then new links, then in-place
/// repairs, then re-creations of links whose identity drifted, then bridge memberships, then links up, then the
/// removal of links nothing needs any more, and last parents the agent brought up that nothing needs now go down.
/// </summary>
internal enum PlanPhase
{
    ParentUp,
    Create,
    Change,
    Recreate,
    Attach,
    Up,
    Remove,
    RestoreParents,
}
