using System.Globalization;
using System.Text;

namespace Fountain.Actors.Configuration;

/// <summary>
/// A recursive-descent parser for HOCON (https://github.com/lightbend/config/blob/main/HOCON.md), reading
/// characters directly so that every error can name its line and column. It builds the unresolved tree;
/// <see cref="HoconResolver"/> then resolves substitutions against the whole document.
/// </summary>
internal sealed class HoconParser
{
    /// <summary>Includes nest at most this deep, which also stops an include cycle with a clear error.</summary>
    internal const int MaxIncludeDepth = 16;

    // Characters that end an unquoted string (HOCON.md, "Unquoted strings").
    private const string Forbidden = "$\"{}[]:=,+#`^?!@*&\\";

    private readonly string _text;
    private readonly string _source;
    private readonly Func<string, string?>? _includeResolver;
    private readonly int _includeDepth;
    private readonly HoconObjectNode _root;
    private int _pos;
    private int _line = 1;
    private int _column = 1;

    private HoconParser(string text, string source, Func<string, string?>? includeResolver, int includeDepth)
    {
        _text = text;
        _source = source;
        _includeResolver = includeResolver;
        _includeDepth = includeDepth;
        _root = new HoconObjectNode(new HoconPosition(source, 1, 1));
    }

    public static HoconObjectNode Parse(string text, string source, Func<string, string?>? includeResolver, int includeDepth = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new HoconParser(text, source, includeResolver, includeDepth);
        parser.ParseDocument();
        return parser._root;
    }

    private HoconPosition Here => new(_source, _line, _column);
    private bool AtEnd => _pos >= _text.Length;
    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';
    private HoconException Error(string message) => new(Here, message);

    private char Next()
    {
        var c = _text[_pos++];
        if (c == '\n') { _line++; _column = 1; }
        else _column++;
        return c;
    }

    private void ParseDocument()
    {
        SkipBlank(includeNewlines: true);
        if (Peek() == '{')
        {
            Next();
            ParseObjectBody(_root, [], closing: '}');
            SkipBlank(includeNewlines: true);
            if (!AtEnd) throw Error($"unexpected '{Peek()}' after the document's closing '}}'");
        }
        else
        {
            ParseObjectBody(_root, [], closing: null);
        }
    }

    private bool AtCommentStart => Peek() == '#' || (Peek() == '/' && Peek(1) == '/');

    /// <summary>Skips spaces, tabs and comments, and newlines too when asked.</summary>
    private void SkipBlank(bool includeNewlines)
    {
        while (!AtEnd)
        {
            var c = Peek();
            if (c == '\n' && !includeNewlines) return;
            if (c is ' ' or '\t' or '\r' or '\uFEFF' || c == '\n') { Next(); continue; }
            if (AtCommentStart) { while (!AtEnd && Peek() != '\n') Next(); continue; }
            return;
        }
    }

    private void ParseObjectBody(HoconObjectNode target, IReadOnlyList<string> prefix, char? closing)
    {
        while (true)
        {
            SkipBlank(includeNewlines: true);
            if (AtEnd)
            {
                if (closing is not null) throw Error($"expected '{closing}' before the end of the input");
                return;
            }
            if (Peek() == closing) { Next(); return; }
            if (Peek() == ',') throw Error("unexpected ','");

            if (AtInclude()) ParseInclude(target);
            else ParseField(target, prefix);

            SkipBlank(includeNewlines: false);
            if (AtEnd || Peek() == '\n') continue;
            if (Peek() == ',') { Next(); continue; }
            if (Peek() == closing) continue;
            throw Error($"expected ',' or a new line after a field, found '{Peek()}'");
        }
    }

    /// <summary>
    /// True at <c>include "x"</c>, <c>include file("x")</c> or <c>include required(...)</c>; a field that
    /// happens to be named <c>include</c> (<c>include = 5</c>) is not an include.
    /// </summary>
    private bool AtInclude()
    {
        if (string.CompareOrdinal(_text, _pos, "include", 0, 7) != 0) return false;
        var i = _pos + 7;
        if (i >= _text.Length || _text[i] is not (' ' or '\t')) return false;
        while (i < _text.Length && _text[i] is ' ' or '\t') i++;
        if (i >= _text.Length) return false;
        if (_text[i] == '"') return true;
        var word = i;
        while (word < _text.Length && char.IsAsciiLetter(_text[word])) word++;
        return word > i && word < _text.Length && _text[word] == '(';
    }

    private void ParseInclude(HoconObjectNode target)
    {
        var position = Here;
        for (var i = 0; i < 7; i++) Next();
        SkipBlank(includeNewlines: false);
        var required = false;
        var wrappers = 0;
        while (Peek() != '"')
        {
            var word = ReadWhile(c => char.IsAsciiLetter(c));
            if (word == "required") required = true;
            else if (word != "file") throw Error($"unsupported include form '{word}': use include \"name\", include file(\"name\") or include required(\"name\")");
            if (Peek() != '(') throw Error($"expected '(' after '{word}'");
            Next();
            wrappers++;
            SkipBlank(includeNewlines: false);
        }
        var name = ReadQuotedString();
        for (var i = 0; i < wrappers; i++)
        {
            SkipBlank(includeNewlines: false);
            if (Peek() != ')') throw Error("expected ')' to close the include");
            Next();
        }
        if (_includeDepth >= MaxIncludeDepth)
            throw new HoconException(position, $"includes nest deeper than {MaxIncludeDepth} levels (is there an include cycle through '{name}'?)");
        // A file includes relative to its own folder: when this source is a file path, so is the name asked for.
        if (System.IO.Path.IsPathRooted(_source) && !System.IO.Path.IsPathRooted(name))
            name = System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(_source)!, name));
        var text = _includeResolver?.Invoke(name);
        if (text is null)
        {
            // HOCON.md: a missing include is silently ignored unless it is required.
            if (required) throw new HoconException(position, $"required include '{name}' was not found");
            return;
        }
        var included = Parse(text, name, _includeResolver, _includeDepth + 1);
        target.MergeFrom(included);
    }

    private string ReadWhile(Func<char, bool> accept)
    {
        var start = _pos;
        while (!AtEnd && accept(Peek())) Next();
        return _text[start.._pos];
    }

    private void ParseField(HoconObjectNode target, IReadOnlyList<string> prefix)
    {
        var keyPosition = Here;
        var keys = ParseKeyPath();
        SkipBlank(includeNewlines: false);
        var append = false;
        if (Peek() is '=' or ':') Next();
        else if (Peek() == '+' && Peek(1) == '=') { Next(); Next(); append = true; }
        else if (Peek() != '{') throw Error($"expected '=', ':', '+=' or '{{' after the key '{string.Join('.', keys)}'");
        SkipBlank(includeNewlines: false);

        var fullPath = prefix.Concat(keys).ToArray();
        var value = ParseValue(fullPath);
        if (append)
        {
            // HOCON.md: `a += b` means `a = ${?a} [b]`.
            value = new HoconConcatNode(value.Position,
                [new HoconSubstitutionNode(value.Position, fullPath, optional: true), new HoconArrayNode(value.Position, [value])]);
        }
        value = ReplaceSelfReferences(value, fullPath) ?? new HoconScalarNode(keyPosition, null);
        if (value is HoconSubstitutionNode { Optional: true } optional && Lookup(fullPath) is { } earlier)
            value = new HoconFallbackNode(optional, earlier);

        // A dotted key `a.b.c = v` is the object `a { b { c = v } }`, merged like any other object.
        for (var i = keys.Count - 1; i >= 1; i--)
        {
            var wrapper = new HoconObjectNode(keyPosition);
            wrapper.Set(keys[i], value);
            value = wrapper;
        }
        target.Set(keys[0], value);
    }

    /// <summary>
    /// A field that refers to itself (<c>path = ${path} ...</c>) means its previous value, which is known at
    /// this point of the parse; without this the resolver would report a cycle.
    /// </summary>
    private HoconNode? ReplaceSelfReferences(HoconNode node, IReadOnlyList<string> path)
    {
        switch (node)
        {
            case HoconSubstitutionNode s when s.Path.SequenceEqual(path):
                var previous = Lookup(path);
                if (previous is not null) return previous;
                if (s.Optional) return null;
                throw new HoconException(s.Position, $"'${{{s.PathText}}}' refers to itself and has no earlier value");
            case HoconConcatNode c:
                var parts = c.Parts.Select(p => ReplaceSelfReferences(p, path)).Where(p => p is not null).Select(p => p!).ToList();
                return parts.Count == 0 ? null : new HoconConcatNode(c.Position, parts);
            default:
                return node;
        }
    }

    private HoconNode? Lookup(IReadOnlyList<string> path)
    {
        HoconNode current = _root;
        foreach (var key in path)
        {
            if (current is not HoconObjectNode o || !o.TryGet(key, out current)) return null;
        }
        return current;
    }

    private List<string> ParseKeyPath()
    {
        var keys = new List<string>();
        while (true)
        {
            if (Peek() == '"')
            {
                keys.Add(ReadQuotedString());
            }
            else
            {
                var start = Here;
                var key = ReadWhile(c => c != '.' && !char.IsWhiteSpace(c) && !Forbidden.Contains(c) && !(c == '/' && Peek(1) == '/'));
                if (key.Length == 0)
                {
                    if (AtEnd) throw Error("expected a key before the end of the input");
                    throw new HoconException(start, $"expected a key, found '{Peek()}'");
                }
                keys.Add(key);
            }
            if (Peek() != '.') return keys;
            Next();
        }
    }

    /// <summary>Parses a value up to the end of its line (or a ',' '}' ']' or comment), concatenating its parts.</summary>
    private HoconNode ParseValue(IReadOnlyList<string>? path)
    {
        var start = Here;
        var parts = new List<HoconNode>();
        while (!AtEnd)
        {
            var c = Peek();
            if (c is '\n' or ',' or '}' or ']' || AtCommentStart) break;
            if (c is ' ' or '\t' or '\r')
            {
                var wsPosition = Here;
                parts.Add(new HoconScalarNode(wsPosition, ReadWhile(ch => ch is ' ' or '\t' or '\r'), isWhitespace: true));
                continue;
            }
            if (c == '{')
            {
                var position = Here;
                Next();
                var obj = new HoconObjectNode(position);
                ParseObjectBody(obj, path ?? [], closing: '}');
                parts.Add(obj);
            }
            else if (c == '[') parts.Add(ParseArray());
            else if (c == '"')
            {
                var position = Here;
                var text = Peek(1) == '"' && Peek(2) == '"' ? ReadTripleQuotedString() : ReadQuotedString();
                parts.Add(new HoconScalarNode(position, text));
            }
            else if (c == '$' && Peek(1) == '{') parts.Add(ParseSubstitution());
            else if (Forbidden.Contains(c)) throw Error($"unexpected '{c}' in a value (quote the string if it is meant literally)");
            else
            {
                var position = Here;
                var word = ReadWhile(ch => !char.IsWhiteSpace(ch) && !Forbidden.Contains(ch) && !(ch == '/' && Peek(1) == '/'));
                parts.Add(new HoconScalarNode(position, word == "null" ? null : word));
            }
        }
        // Whitespace counts only between two simple values, never at the ends or beside an object or array.
        while (parts.Count > 0 && parts[^1] is HoconScalarNode { IsWhitespace: true }) parts.RemoveAt(parts.Count - 1);
        while (parts.Count > 0 && parts[0] is HoconScalarNode { IsWhitespace: true }) parts.RemoveAt(0);
        if (parts.Count == 0) throw new HoconException(start, "expected a value");
        if (parts.Count == 1) return parts[0];
        if (parts.Any(p => p is HoconObjectNode or HoconArrayNode))
            parts.RemoveAll(p => p is HoconScalarNode { IsWhitespace: true });
        return parts.Count == 1 ? parts[0] : new HoconConcatNode(start, parts);
    }

    private HoconArrayNode ParseArray()
    {
        var position = Here;
        Next();
        var items = new List<HoconNode>();
        while (true)
        {
            SkipBlank(includeNewlines: true);
            if (AtEnd) throw Error("expected ']' before the end of the input");
            if (Peek() == ']') { Next(); return new HoconArrayNode(position, items); }
            items.Add(ParseValue(null));
            SkipBlank(includeNewlines: false);
            if (Peek() == ',') Next();
            else if (Peek() is not ('\n' or ']') && !AtEnd) throw Error($"expected ',' or ']' in an array, found '{Peek()}'");
        }
    }

    private HoconSubstitutionNode ParseSubstitution()
    {
        var position = Here;
        Next(); Next();
        var optional = false;
        if (Peek() == '?') { Next(); optional = true; }
        SkipBlank(includeNewlines: false);
        var path = ParseKeyPath();
        SkipBlank(includeNewlines: false);
        if (Peek() != '}') throw Error("expected '}' to close the substitution");
        Next();
        return new HoconSubstitutionNode(position, path, optional);
    }

    private string ReadQuotedString()
    {
        var start = Here;
        if (Peek() != '"') throw Error("expected '\"'");
        Next();
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd || Peek() == '\n') throw new HoconException(start, "unterminated string");
            var c = Next();
            if (c == '"') return sb.ToString();
            if (c != '\\') { sb.Append(c); continue; }
            if (AtEnd) throw new HoconException(start, "unterminated string");
            var escapePosition = Here;
            var e = Next();
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    var hex = _pos + 4 <= _text.Length ? _text.Substring(_pos, 4) : "";
                    if (!ushort.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        throw new HoconException(escapePosition, "expected four hex digits after \\u");
                    for (var i = 0; i < 4; i++) Next();
                    sb.Append((char)code);
                    break;
                default:
                    throw new HoconException(escapePosition, $"unknown escape '\\{e}'");
            }
        }
    }

    private string ReadTripleQuotedString()
    {
        var start = Here;
        Next(); Next(); Next();
        var begin = _pos;
        var end = _text.IndexOf("\"\"\"", _pos, StringComparison.Ordinal);
        if (end < 0) throw new HoconException(start, "unterminated triple-quoted string");
        // HOCON.md: extra quotes just before the closing three belong to the string.
        while (end + 3 < _text.Length && _text[end + 3] == '"') end++;
        while (_pos < end) Next();
        Next(); Next(); Next();
        return _text[begin..end];
    }
}
