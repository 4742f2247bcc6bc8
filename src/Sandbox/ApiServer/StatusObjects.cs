using System.Text.Json.Nodes;

namespace Multi.Sandbox.ApiServer;

/// <summary>The meta/v1 Status objects the real API server answers errors with.</summary>
internal static class StatusObjects
{
    public static JsonObject Failure(ApiException error)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = error.Continue is null ? new JsonObject() : new JsonObject { ["continue"] = error.Continue },
            ["status"] = "Failure",
            ["message"] = error.Message,
            ["reason"] = error.Reason,
            ["code"] = error.Code,
        };
        if (error.Name is not null || error.Kind is not null || error.Cause is not null)
        {
            var details = new JsonObject();
            if (error.Cause is not null)
            {
                details["causes"] = new JsonArray(new JsonObject { ["reason"] = error.Cause, ["message"] = error.Message });
                details["retryAfterSeconds"] = 1;
            }

            if (error.Name is not null)
                details["name"] = error.Name;
            if (!string.IsNullOrEmpty(error.Group))
                details["group"] = error.Group;
            if (error.Kind is not null)
                details["kind"] = error.Kind;
            status["details"] = details;
        }

        return status;
    }
}
