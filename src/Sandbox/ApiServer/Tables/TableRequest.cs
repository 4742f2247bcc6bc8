using Microsoft.AspNetCore.Http;

namespace Multi.Sandbox.ApiServer.Tables;

/// <summary>
/// A read that asked for a Table (kubectl's <c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io, …</c>): the
/// Table's apiVersion (the first acceptable media type wins) and what each row carries (<c>includeObject</c>:
/// None, Metadata (a PartialObjectMetadata, the default) or Object).
/// </summary>
internal sealed record TableRequest(string ApiVersion, string IncludeObject)
{
    public static TableRequest? From(HttpRequest request)
    {
        foreach (var mediaType in request.Headers.Accept.SelectMany(h => (h ?? "").Split(',')))
        {
            var parts = mediaType.Split(';', StringSplitOptions.TrimEntries);
            var parameters = parts.Skip(1).Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
                .ToDictionary(p => p[0].ToLowerInvariant(), p => p[1], StringComparer.Ordinal);
            if (parts[0] is not ("application/json" or "*/*" or "application/*"))
                continue;
            if (!parameters.TryGetValue("as", out var kind))
                return null;
            if (kind == "Table" && parameters.GetValueOrDefault("g") == "meta.k8s.io" && parameters.GetValueOrDefault("v") is "v1" or "v1beta1")
                return new TableRequest($"meta.k8s.io/{parameters["v"]}", ParseIncludeObject(request.Query["includeObject"].ToString()));
        }

        return null;
    }

    private static string ParseIncludeObject(string value) => value switch
    {
        "" => "Metadata",
        "None" or "Metadata" or "Object" => value,
        _ => throw ApiException.BadRequest($"includeObject: Unsupported value: \"{value}\": supported values: \"None\", \"Metadata\", \"Object\""),
    };
}
