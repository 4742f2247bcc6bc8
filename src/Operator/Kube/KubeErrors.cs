using System.Net;
using k8s.Autorest;

namespace Multi.Operator.Kube;

internal static class KubeErrors
{
    public static bool IsConflict(Exception ex) => Status(ex) == HttpStatusCode.Conflict;

    public static bool IsNotFound(Exception ex) => Status(ex) == HttpStatusCode.NotFound;

    public static HttpStatusCode? Status(Exception ex) => (ex as HttpOperationException)?.Response?.StatusCode;
}
