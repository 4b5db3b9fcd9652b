package detectors

import "encoding/base64"

// basicAuthValid reports whether a Basic credential (normalised base64)
// decodes to "user:password" with printable characters.
func basicAuthValid(b []byte) bool {
	var buf [256]byte
	if base64.StdEncoding.DecodedLen(len(b)) > len(buf) {
		return false
	}
	n, err := base64.StdEncoding.Decode(buf[:], b)
	if err != nil || n < 3 {
		return false
	}
	colon := false
	for _, c := range buf[:n] {
		if c < ' ' || c > '~' {
			return false
		}
		colon = colon || c == ':'
	}
	return colon && buf[0] != ':'
}

// puttyKeyAt matches a PuTTY private key file header line,
// "PuTTY-User-Key-File-<version>: <algorithm>", to the end of the line.
func puttyKeyAt(data []byte, p int) int {
	const head = "PuTTY-User-Key-File-"
	n := len(data)
	if p+len(head)+4 > n || string(data[p:p+len(head)]) != head {
		return 0
	}
	i := p + len(head)
	if !isDigit(data[i]) || data[i+1] != ':' || data[i+2] != ' ' {
		return 0
	}
	i += 3
	st := i
	for i < n && (isAlnum(data[i]) || data[i] == '-' || data[i] == '@' || data[i] == '.') {
		i++
	}
	if i-st < 5 {
		return 0
	}
	return i
}

func credentialRows() []Spec {
	return []Spec{
		{
			ID:       "GCP_API_KEY",
			Category: CategoryCredentials,
			Name:     "Google Cloud API key",
			Keywords: []string{
				"x-goog-api-key", "googlekey", "gcp api key", "gcp key", "google cloud key", "google-api-key",
				"google-cloud-apikeys", "g_places_key", "google api key", "gcloud api key", "api key", "apikey",
			},
			KeywordRequired: true,
			Matcher:         "shape",
			Shape: &Shape{
				Patterns: []string{`\AIz\ak{35}`},
				Examples: []string{"AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe"},
			},
			Severity: severityHighAlways,
			Samples: []Sample{
				{Text: "GOOGLE_API_KEY=«AIzaSyB4nQ8xv0Zq3kLr7TtW2yPm9cHd5e1fGhJ»"},
				{Text: `{"api_key": "«AIzaSyC_9xR2mKq7-LpWv3ZtN8bYd4eHs6fJgUo»"}`},
			},
			NegativeSamples: []Sample{
				{Text: "AIzaSyB4nQ8xv0Zq3kLr7TtW2yPm9cHd5e1fGhJ"},          // no keyword
				{Text: "api key AIzaSyB4nQ8xv0Zq3kLr7TtW2yPm9cHd5e1fGh"},   // 34
				{Text: "api key AIzaSyB4nQ8xv0Zq3kLr7TtW2yPm9cHd5e1fGhJx"}, // 36
				{Text: "api key AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe"},  // documentation example
			},
		},
		{
			ID:       "HTTP_BASIC_AUTH_HEADER",
			Category: CategoryCredentials,
			Name:     "HTTP Basic Authorization header",
			Matcher:  "shape",
			Shape: &Shape{
				Anchors: []string{"Authorization: Basic ", "authorization: Basic ", "Authorization:Basic "},
				Patterns: []string{
					literal("Authorization: Basic ") + "b{8,255}", literal("authorization: Basic ") + "b{8,255}",
					literal("Authorization:Basic ") + "b{8,255}",
				},
				Valid: basicAuthValid,
			},
			Severity: severityHighAlways,
			Samples: []Sample{
				{Text: "GET / HTTP/1.1\r\n«Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l»\r\n"},
				{Text: `curl -H "«authorization: Basic am9objpzM2NyZXQhMjAyNA==»"`},
			},
			NegativeSamples: []Sample{
				{Text: "Authorization: Basic realm=\"x\""},
				{Text: "Authorization: Basic bm9jb2xvbmhlcmU="}, // no ':' inside
				{Text: "Basic principles of accounting"},
			},
		},
		{
			ID:       "PGP_PRIVATE_KEY",
			Category: CategoryCredentials,
			Name:     "PGP private key",
			Matcher:  "pem",
			Labels:   []string{"PGP PRIVATE KEY BLOCK"},
			Severity: severityHighAlways,
			Samples: []Sample{
				{Text: "«-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF5kN0cBCAC\n-----END PGP PRIVATE KEY BLOCK-----»"},
				{Text: "«-----BEGIN PGP PRIVATE KEY BLOCK-----»\nlQOY"},
			},
			NegativeSamples: []Sample{
				{Text: "-----BEGIN PGP PUBLIC KEY BLOCK-----\nmQENBF\n-----END PGP PUBLIC KEY BLOCK-----"},
				{Text: "-----BEGIN PGP MESSAGE-----"},
			},
		},
		{
			ID:       "PUTTY_PRIVATE_KEY",
			Category: CategoryCredentials,
			Name:     "PuTTY private key",
			Matcher:  "shape",
			Shape:    &Shape{Anchors: []string{"PuTTY-User-Key-File-"}, At: puttyKeyAt},
			Severity: severityHighAlways,
			Samples: []Sample{
				{Text: "«PuTTY-User-Key-File-2: ssh-rsa»\nEncryption: none\nComment: rsa-key-20240101\n"},
				{Text: "«PuTTY-User-Key-File-3: ssh-ed25519»\r\n"},
			},
			NegativeSamples: []Sample{
				{Text: "PuTTY-User-Key-File: ssh-rsa"},
				{Text: "the PuTTY-User-Key-File-2 format"},
			},
		},
		{
			ID:       "STRIPE_CREDENTIALS",
			Category: CategoryCredentials,
			Name:     "Stripe secret or restricted API key",
			Matcher:  "shape",
			Shape: &Shape{
				Anchors:  []string{"sk_live_", "rk_live_"},
				Patterns: []string{`sk\_live\_x{24,99}`, `rk\_live\_x{24,99}`},
			},
			Severity: severityHighAlways,
			Samples: []Sample{
				{Text: "STRIPE_KEY=«sk_live_51H8qLmA2bXyZ9cQ7rT4uV0wE»"},
				{Text: `"«rk_live_4eC39HqLyjWDarjtT1zdp7dcAbCdEfGh»"`},
			},
			NegativeSamples: []Sample{
				{Text: "sk_test_51H8qLmA2bXyZ9cQ7rT4uV0wE"},
				{Text: "sk_live_short"},
				{Text: "pk_live_51H8qLmA2bXyZ9cQ7rT4uV0wE"},
				{Text: "xsk_live_51H8qLmA2bXyZ9cQ7rT4uV0wE"},
			},
		},
	}
}
