using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Multi.Sandbox.ApiServer.Selectors;
using Multi.Sandbox.ApiServer.Tables;

namespace Multi.Sandbox.ApiServer;

internal sealed partial class ApiRequestHandler
{
    /// <summary>A list (paged with <c>limit</c> and <c>continue</c>, at the version <c>resourceVersion</c> asks for) as a List or a Table.</summary>
    private JsonObject List(ResourcePath path, HttpRequest request)
    {
        var table = TableRequest.From(request);
        var (page, offset) = ReadPage(path, request.Query);
        var metadata = new JsonObject { ["resourceVersion"] = page.Version.ToString(CultureInfo.InvariantCulture) };
        if (page.LastKey is { } last)
        {
            metadata["continue"] = new ContinueToken(page.Version, last.Namespace, last.Name, offset + page.Items.Count).Encode(path.Type.Namespaced);
            if (page.Remaining is { } remaining)
                metadata["remainingItemCount"] = remaining;
        }

        if (table is not null)
            return TableWriter.Write(path.Type, page.Items, metadata, table, time.GetUtcNow());
        return new JsonObject
        {
            ["kind"] = path.Type.ListKind,
            ["apiVersion"] = path.Type.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = new JsonArray(page.Items.Select(i => (JsonNode?)Output(i, path.Type)).ToArray()),
        };
    }

    /// <summary>One object, or a Table of one row when the client asked for a Table.</summary>
    private JsonObject GetOne(ResourcePath path, HttpRequest request)
    {
        var obj = store.Get(path.Key());
        if (TableRequest.From(request) is not { } table)
            return Output(obj, path.Type);
        var metadata = new JsonObject { ["resourceVersion"] = ObjectMetadata.GetString(obj, "resourceVersion") };
        return TableWriter.Write(path.Type, [obj], metadata, table, time.GetUtcNow());
    }

    /// <summary>The page a list asks for, and how many objects its earlier pages returned.</summary>
    private (ListPage Page, long Offset) ReadPage(ResourcePath path, IQueryCollection query)
    {
        var fields = FieldSelector.Parse(query["fieldSelector"]);
        var list = new ListQuery(path.Type.Group, path.Type.Plural, path.Namespace)
        {
            Labels = LabelSelector.Parse(query["labelSelector"]),
            Filter = fields.Terms.Count == 0 ? null : fields.Matches,
            Limit = int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : 0,
        };
        var token = query["continue"].ToString();
        if (token.Length == 0)
            return (store.Page(AtVersion(list, query)), 0);
        if (query["resourceVersion"].ToString() is { Length: > 0 } rv && rv != "0")
            throw ApiException.BadRequest("specifying resource version is not allowed when using continue");
        if (query["resourceVersionMatch"].ToString().Length > 0)
            throw ApiException.BadRequest("resourceVersionMatch is forbidden when continue is provided");
        var start = ContinueToken.Decode(token, path.Type.Namespaced);
        try
        {
            return (store.Page(list with { AtVersion = start.Version, After = (start.Namespace, start.Name), Offset = start.Offset }), start.Offset);
        }
        catch (ApiException error) when (error.Code == 410)
        {
            throw new ApiException(410, "Expired", ExpiredContinue)
            {
                Continue = (start with { Version = store.Version }).Encode(path.Type.Namespaced),
            };
        }
    }

    /// <summary>
    /// The version a list without a continue token reads at, as the real server decides: none or "0" the current state;
    /// N with resourceVersionMatch=Exact (or with a limit and no match, the legacy rule) exactly N; N otherwise
    /// (NotOlderThan) the current state, which must have reached N.
    /// </summary>
    private static ListQuery AtVersion(ListQuery list, IQueryCollection query)
    {
        var text = query["resourceVersion"].ToString();
        var match = query["resourceVersionMatch"].ToString();
        if (text.Length == 0)
            return match.Length == 0 ? list : throw ApiException.BadRequest("resourceVersionMatch is forbidden unless resourceVersion is provided");
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            throw ApiException.BadRequest($"invalid resource version \"{text}\"");
        return match switch
        {
            "Exact" when version == 0 => throw ApiException.BadRequest("resourceVersionMatch \"Exact\" is forbidden for resourceVersion \"0\""),
            "Exact" => list with { AtVersion = version },
            "" when version > 0 && list.Limit > 0 => list with { AtVersion = version },
            "" or "NotOlderThan" => list with { MinimumVersion = version },
            _ => throw ApiException.BadRequest($"resourceVersionMatch: Unsupported value: \"{match}\": supported values: \"Exact\", \"NotOlderThan\""),
        };
    }

    private const string ExpiredContinue =
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, " +
        "or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an " +
        "inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";
}
