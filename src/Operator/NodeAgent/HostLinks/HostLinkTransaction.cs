using Multi.Operator.NodeAgent.HostInterfaces;
using Multi.Operator.NodeAgent.Netlink;

namespace Multi.Operator.NodeAgent.HostLinks;

/// <summary>
/// Applies a plan as a transaction (host-interfaces.md, section 6): the steps in order; when one fails, the inverses of the
/// completed steps (<see cref="HostLinkPlan.Rollback"/>) run in reverse order, each attempted even if an earlier one fails,
/// and the result names the failure. A create refused with EEXIST/EBUSY is classified by <see cref="CreateFailure"/>
/// against the links present right after the refusal.
/// </summary>
internal static class HostLinkTransaction
{
    public static TransactionResult Apply(HostLinkPlan plan, HostLinkKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(kernel);
        for (var k = 0; k < plan.Steps.Count; k++)
        {
            var action = plan.Steps[k].Action;
            try
            {
                kernel.Execute(action);
            }
            catch (Exception e) when (e is NetlinkException or IOException or TimeoutException)
            {
                var (state, error) = Describe(action, e, kernel);
                var rollback = plan.Rollback(k);
                return new TransactionResult(k)
                {
                    Failed = action,
                    Error = error,
                    FailureState = state,
                    RolledBack = rollback,
                    RollbackErrors = Undo(rollback, kernel),
                };
            }
        }

        return new TransactionResult(plan.Steps.Count);
    }

    private static (LinkState State, string Error) Describe(LinkAction action, Exception e, HostLinkKernel kernel)
    {
        if (action is LinkAction.Create create && e is NetlinkException { Errno: CreateFailure.Eexist or CreateFailure.Ebusy } refused)
        {
            IReadOnlyList<ObservedLink> now;
            try
            {
                now = kernel.Observe();
            }
            catch (Exception again) when (again is NetlinkException or IOException or TimeoutException)
            {
                now = [];
            }

            var (state, message) = CreateFailure.Classify(create, refused.Errno, now);
            return (state, state == LinkState.Clash ? $"{message} ({e.Message})" : e.Message);
        }

        return (LinkState.Degraded, $"{action}: {e.Message}");
    }

    private static IReadOnlyList<string> Undo(IReadOnlyList<LinkAction> rollback, HostLinkKernel kernel)
    {
        var errors = new List<string>();
        foreach (var inverse in rollback)
        {
            try
            {
                kernel.Execute(inverse);
            }
            catch (Exception e) when (e is NetlinkException or IOException or TimeoutException)
            {
                errors.Add($"{inverse}: {e.Message}");
            }
        }

        return errors;
    }
}
