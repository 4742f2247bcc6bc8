namespace Multi.Bench.Kubernetes;

/// <summary>One pod on the Kubernetes path: the ADD and DEL process times and the API requests the ADD made.</summary>
internal sealed record KubernetesPodSample(int Pod, double AddMs, double DelMs, int AddRequests, int AddEvents)
{
    public double TotalMs => Measurement.Distribution.Round(AddMs + DelMs);
}
