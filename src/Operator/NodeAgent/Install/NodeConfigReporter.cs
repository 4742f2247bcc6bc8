using k8s;
using k8s.Models;
using System.Text.Json.Nodes;

namespace Multi.Operator.NodeAgent.Install;

/// <summary>Writes the installer's decision as the <c>multi.dev/cni-config</c> annotation of the node (a merge patch), only when it changed.</summary>
internal sealed class NodeConfigReporter(IKubernetes client, string nodeName)
{
    private string? written;

    public async Task<bool> ReportAsync(InstallReport report, CancellationToken cancellationToken)
    {
        var value = report.ToAnnotation();
        if (value == written)
        {
            return false;
        }

        var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [InstallReport.Annotation] = value } } };
        await client.CoreV1.PatchNodeAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), nodeName, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        written = value;
        return true;
    }
}
