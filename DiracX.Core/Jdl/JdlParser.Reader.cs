namespace DiracX.Core.Jdl;

public static partial class JdlParser
{
    private sealed partial class Reader(string text, int maxDepth)
    {
        public const char EndOfInput = '\0';

        private readonly string _text = text;
        private int _pos;

        public int Position => _pos;

        public bool AtEnd => _pos >= _text.Length;

        public char Peek => _pos < _text.Length ? _text[_pos] : EndOfInput;

        public void SkipWhitespace()
        {
            while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
            {
                _pos++;
            }
        }

        public JdlDocument ReadClassAd(int depth)
        {
            var open = _pos;
            CheckDepth(depth + 1, open);
            _pos++;
            var document = ReadAttributes(']', depth + 1);
            if (AtEnd)
            {
                throw Error(open, "unclosed '['");
            }

            _pos++;
            return document;
        }

        /// <summary>Reads attributes up to <paramref name="close"/> (not consumed) or the end of input.</summary>
        public JdlDocument ReadAttributes(char close, int depth)
        {
            var document = new JdlDocument();
            while (true)
            {
                SkipWhitespace();
                if (AtEnd || Peek == close)
                {
                    return document;
                }

                var name = ReadName();
                SkipWhitespace();
                if (Peek != '=')
                {
                    throw Error(_pos, "expected '='");
                }

                _pos++;
                document.Set(name, ReadValue(';', close, depth));
                SkipWhitespace();
                if (Peek == ';')
                {
                    _pos++;
                }
                else if (!AtEnd && Peek != close)
                {
                    throw Error(_pos, "expected ';'");
                }
            }
        }

        /// <summary>Reads a value ending before <paramref name="separator"/>, <paramref name="close"/> or the end.</summary>
        public JdlValue ReadValue(char separator, char close, int depth)
        {
            SkipWhitespace();
            var start = _pos;
            if (AtEnd || Peek == separator || Peek == close)
            {
                throw Error(_pos, "expected a value");
            }

            switch (Peek)
            {
                case '{':
                    return ReadList(depth);
                case '[':
                    return new JdlClassAd(ReadClassAd(depth));
                case '"':
                    var literal = ReadString();
                    SkipWhitespace();
                    if (AtEnd || Peek == separator || Peek == close || Peek == ';')
                    {
                        return new JdlString(literal);
                    }

                    // Text after a string (e.g. "a" == other.B) makes the whole value an expression.
                    _pos = start;
                    return JdlSyntax.ClassifyBareText(ReadExpressionText(separator, close, depth));
                default:
                    return JdlSyntax.ClassifyBareText(ReadExpressionText(separator, close, depth));
            }
        }

        private JdlList ReadList(int depth)
        {
            var open = _pos;
            CheckDepth(depth + 1, open);
            _pos++;
            var items = new List<JdlValue>();
            SkipWhitespace();
            while (Peek != '}')
            {
                if (AtEnd)
                {
                    throw Error(open, "unclosed '{'");
                }

                items.Add(ReadValue(',', '}', depth + 1));
                SkipWhitespace();
                if (Peek == ',')
                {
                    // DIRAC tolerates a trailing comma before '}'.
                    _pos++;
                    SkipWhitespace();
                }
                else if (AtEnd)
                {
                    throw Error(open, "unclosed '{'");
                }
                else if (Peek != '}')
                {
                    throw Error(_pos, "expected ',' or '}'");
                }
            }

            _pos++;
            return new JdlList(items);
        }

        private string ReadName()
        {
            var start = _pos;
            if (!JdlSyntax.IsNameStart(Peek))
            {
                throw Error(_pos, "expected an attribute name");
            }

            while (_pos < _text.Length && JdlSyntax.IsNameChar(_text[_pos]))
            {
                _pos++;
            }

            return _text[start.._pos];
        }
    }
}
