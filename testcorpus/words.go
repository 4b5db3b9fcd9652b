package testcorpus

// Filler vocabulary. No entry may hold a keyword of any identifier, whatever
// "word boundary" means (a test checks), so filler never gives a planted
// number a keyword it was not meant to have.

type person struct{ display, ascii string }

var firstNames = []person{
	{"Anna", "anna"}, {"José", "jose"}, {"Zoë", "zoe"}, {"Łukasz", "lukasz"}, {"Søren", "soren"},
	{"Mei", "mei"}, {"Hiroshi", "hiroshi"}, {"Fatima", "fatima"}, {"Oliver", "oliver"}, {"Chloé", "chloe"},
	{"Mateo", "mateo"}, {"Ingrid", "ingrid"}, {"Priya", "priya"}, {"Kwame", "kwame"}, {"Elif", "elif"},
	{"Noah", "noah"}, {"Emma", "emma"}, {"Liam", "liam"}, {"Sofia", "sofia"}, {"Lukas", "lukas"},
	{"Amélie", "amelie"}, {"Björn", "bjorn"}, {"Chiara", "chiara"}, {"Dmitri", "dmitri"}, {"Aisha", "aisha"},
	{"Jonas", "jonas"}, {"Leonie", "leonie"}, {"Marta", "marta"}, {"Tomás", "tomas"}, {"Yuki", "yuki"},
	{"Grace", "grace"}, {"Henrik", "henrik"}, {"Isabel", "isabel"}, {"Jamal", "jamal"}, {"Katarzyna", "katarzyna"},
	{"Laura", "laura"}, {"Mohammed", "mohammed"}, {"Nina", "nina"}, {"Omar", "omar"}, {"Paula", "paula"},
	{"太郎", "taro"}, {"美咲", "misaki"},
}

var lastNames = []person{
	{"Müller", "mueller"}, {"García", "garcia"}, {"Nowak", "nowak"}, {"Jørgensen", "jorgensen"}, {"Tanaka", "tanaka"},
	{"O'Brien", "obrien"}, {"Smith", "smith"}, {"Dubois", "dubois"}, {"Rossi", "rossi"}, {"Kowalski", "kowalski"},
	{"Yılmaz", "yilmaz"}, {"Okafor", "okafor"}, {"Schneider", "schneider"}, {"Andersson", "andersson"}, {"Nguyen", "nguyen"},
	{"Silva", "silva"}, {"Patel", "patel"}, {"Ivanova", "ivanova"}, {"Fischer", "fischer"}, {"Moreau", "moreau"},
	{"Bianchi", "bianchi"}, {"Weber", "weber"}, {"Novák", "novak"}, {"Hansen", "hansen"}, {"Kim", "kim"},
	{"Lefèvre", "lefevre"}, {"Brown", "brown"}, {"Wagner", "wagner"}, {"Costa", "costa"}, {"Horvat", "horvat"},
	{"Becker", "becker"}, {"Eriksen", "eriksen"}, {"Fernández", "fernandez"}, {"Schulz", "schulz"}, {"Walsh", "walsh"},
	{"山田", "yamada"}, {"佐藤", "sato"},
}

var cities = []string{
	"Berlin", "München", "Köln", "Hamburg", "Zürich", "Wien", "Paris", "Lyon", "Madrid", "São Paulo",
	"Kraków", "Oslo", "Tokyo", "Toronto", "Austin", "Dublin", "Lisbon", "Rotterdam", "Göteborg", "Milano",
	"Leipzig", "Dresden", "Bremen", "Stuttgart", "Düsseldorf", "Malmö", "Porto", "Sevilla", "Utrecht", "Graz",
}

// Street addresses (people.go), by the order their parts are written in.
var (
	englishStreetNames = []string{"Maple", "Oak", "Cedar", "Elm", "Pine", "Lincoln", "Highland", "Sunset", "Church",
		"Mill", "Baker", "King's", "Willow", "Chestnut", "Riverside", "Jefferson", "Madison", "Old Mill", "42nd", "5th"}
	englishStreetTypes = []string{"Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Lane", "Drive",
		"Court", "Place", "Way", "Terrace", "Parkway"}
	suffixStreets = []string{"Hauptstraße", "Bahnhofstraße", "Gartenweg", "Lindenallee", "Schillerplatz", "Kirchgasse",
		"Goethestraße", "Mozartstrasse", "Am Lindenweg", "Alte Schulstraße", "Keizersgracht", "Prinsengracht",
		"Storgatan", "Drottninggatan", "Nørregade", "Kungsvägen"}
	typeFirstStreetNames = []string{"Calle Mayor", "Calle de Alcalá", "Via Roma", "Via della Spiga", "Rua Augusta",
		"Avenida Paulista", "Avenida da Liberdade", "Plaza Mayor", "Paseo de Gracia", "Corso Buenos Aires", "Piazza Navona"}
	frenchStreets = []string{"rue de Rivoli", "rue du Faubourg Saint-Honoré", "avenue des Champs-Élysées",
		"boulevard Saint-Germain", "place de la Concorde", "rue Lafayette", "rue de la Paix"}
	// Streets named without a street word, with a German preposition.
	plainStreets = []string{"Am Hafen", "Unter den Linden", "An der Alster", "Im Winkel"}
)

// Hard negatives of the people types (people.go): capitalised phrases and
// counted things that look like names and addresses.
var (
	timeWords     = []string{"June", "July", "March", "Monday", "Friday", "Spring", "Autumn"}
	thingWords    = []string{"Report", "Review", "Meeting", "Budget", "Newsletter", "Workshop", "Release", "Summary"}
	placeWords    = []string{"Office", "Station", "Warehouse", "Airport", "Branch", "Campus", "Depot", "Hub"}
	countedThings = []string{"Drive Bays", "Way Splitters", "Court Hearings", "Place Settings", "Lane Closures",
		"Road Tests", "Street Lamps", "Avenue Banners"}
)

var emailDomains = []string{
	"gmail.com", "outlook.com", "yahoo.co.uk", "web.de", "gmx.de", "proton.me", "icloud.com", "hotmail.fr",
	"acme-logistics.io", "globex.net", "initech.org", "umbrella-pharma.de", "contoso.com.au", "northwind.nl",
	"fabrikam.es", "tailspin.it", "wingtip.ch", "lakeshore.info", "bluebird.co.jp", "hooli.xyz", "posteo.de",
}

var countries = []string{"DE", "FR", "AT", "CH", "NL", "ES", "IT", "PL", "GB", "US", "JP", "SE"}

var currencies = []string{"EUR", "USD", "GBP", "CHF", "SEK", "PLN", "JPY"}

var services = []string{"checkout", "orders", "billing", "auth", "inventory", "shipping", "search", "notifications", "profile", "reports"}

var httpPaths = []string{
	"/api/v1/orders", "/api/v1/customers", "/api/v2/search", "/api/v1/invoices", "/healthz", "/api/v1/cart",
	"/api/v1/shipments", "/login", "/logout", "/api/v1/profile", "/static/app.js", "/api/v1/reports",
}

var httpMethods = []string{"GET", "GET", "GET", "POST", "PUT", "DELETE", "PATCH"}

var logLevels = []string{"INFO ", "INFO ", "INFO ", "DEBUG", "WARN ", "ERROR"}

var logMessages = []string{
	"request completed", "cache miss, fetching from origin", "retrying upstream call", "connection pool resized",
	"user session refreshed", "background job finished", "rate limit reached for client", "config reloaded",
	"slow query detected", "webhook delivered", "queue depth above threshold", "feature flag evaluated",
	"invoice rendered to PDF", "email notification queued", "shipment label created", "stock level updated",
}

var subjects = []string{
	"The customer", "Our support agent", "The warehouse team", "The courier", "Finance", "The account manager",
	"A new user", "The billing system", "The iOS app", "The store manager", "Legal", "The night shift",
	"Our partner in Lyon", "The returns desk", "The sales team", "Customer success",
}

var verbs = []string{
	"confirmed", "requested", "cancelled", "updated", "reviewed", "shipped", "scheduled", "approved",
	"reported", "escalated", "postponed", "rejected", "closed", "reopened", "archived", "printed",
}

var objects = []string{
	"the delivery", "a refund", "the invoice", "the subscription", "an address change", "the order",
	"the contract renewal", "a password reset", "the support ticket", "the return label", "the quote",
	"the loyalty points", "the meeting notes", "the onboarding call", "the price list", "the spare parts",
}

var tails = []string{
	"before the weekend", "without further issues", "as discussed in the call", "after a short delay",
	"at the request of the client", "for the second time this month", "pending a final review",
	"with a note for the team", "in time for the audit", "once the stock arrived", "after the holidays",
	"and everyone was informed", "until further notice", "with priority shipping",
}

var envNames = []string{"LOG_LEVEL=info", "PORT=8080", "AWS_REGION=eu-central-1", "FEATURE_NEW_CHECKOUT=true",
	"CACHE_TTL_SECONDS=300", "WORKERS=4", "TZ=Europe/Berlin", "ENVIRONMENT=staging", "METRICS_ENABLED=true"}

var statuses = []string{"active", "suspended", "pending", "closed", "trial"}

var orderStatuses = []string{"placed", "paid", "packed", "shipped", "delivered", "returned", "cancelled"}

var skus = []string{"SKU-RED-MUG", "SKU-BLK-TEE-M", "SKU-USB-HUB", "SKU-DESK-LAMP", "SKU-NOTEBOOK-A5", "SKU-WATER-BTL", "SKU-CABLE-2M", "SKU-HEADSET"}

// productNames are the names of skus, in order: an order item's name, a
// capitalised pair under a "name" key that names no person.
var productNames = []string{"Red Mug", "Black Tee", "USB Hub", "Desk Lamp", "Notebook A5", "Water Bottle", "Cable 2m", "Headset"}

var blz = []string{"37040044", "10070000", "50010517", "12030000", "20041155", "70150000", "76026000", "43060967", "26050001", "66050101"}
