using Microsoft.Extensions.Configuration;

namespace Fountain.Actors.Configuration;

/// <summary>A HOCON file or text as a Microsoft.Extensions.Configuration source.</summary>
internal sealed class HoconConfigurationSource : IConfigurationSource
{
    /// <summary>The file to read; unused when <see cref="Text"/> is set.</summary>
    public string? Path { get; init; }

    /// <summary>A text to parse instead of a file.</summary>
    public string? Text { get; init; }

    /// <summary>The name errors use for <see cref="Text"/>.</summary>
    public string SourceName { get; init; } = "<text>";

    /// <summary>When true a missing file contributes nothing instead of failing.</summary>
    public bool Optional { get; init; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconConfigurationProvider(this);
}

/// <summary>Loads a HOCON source and exposes its leaves as <c>a:b:c</c> keys.</summary>
internal sealed class HoconConfigurationProvider(HoconConfigurationSource source) : ConfigurationProvider
{
    public override void Load()
    {
        HoconDocument document;
        if (source.Text is not null)
        {
            document = HoconDocument.Parse(source.Text, source.SourceName, HoconDocument.FileIncludeResolver(Directory.GetCurrentDirectory()));
        }
        else
        {
            var path = System.IO.Path.GetFullPath(source.Path!);
            if (!File.Exists(path))
            {
                if (source.Optional) { Data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase); return; }
                throw new FileNotFoundException($"the HOCON configuration file '{path}' does not exist", path);
            }
            document = HoconDocument.Load(path);
        }
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in document.Flatten()) data[key] = value;
        Data = data;
    }
}
