using Multi.Cni.Netns;
using Multi.Core.Annotations;

namespace Multi.Cni.Tests.Support;

/// <summary>Records route changes instead of making them; <see cref="FailOn"/> makes the change on that interface fail.</summary>
internal sealed class FakeRouteEditor : IRouteEditor
{
    public List<(string Netns, string IfName, DefaultRouteAction Action)> Applied { get; } = [];

    public string? FailOn { get; set; }

    public Task ApplyAsync(string netnsPath, string ifName, DefaultRouteAction action, CancellationToken cancellationToken)
    {
        if (ifName == FailOn)
        {
            throw new Multi.Core.Cni.CniException(Multi.Core.Cni.CniErrorCode.DelegateFailed, $"cannot change routes of {ifName}");
        }

        Applied.Add((netnsPath, ifName, action));
        return Task.CompletedTask;
    }
}
