# A custom Dataflow (or Flink/Spark portable) worker for vlbuild: Beam's SDK image of the same
# version as setup.py pins, the system packages some sources need, and this package with its
# pinned dependencies. The PP-OCR models ship inside the rapidocr wheel; nothing is fetched at run time.
#
#   docker build -t REGION-docker.pkg.dev/PROJECT/REPO/vlbuild-worker:0.1.0 .
#   docker push REGION-docker.pkg.dev/PROJECT/REPO/vlbuild-worker:0.1.0
#   python -m pipelines.build --runner=DataflowRunner ... \
#       --sdk_container_image=REGION-docker.pkg.dev/PROJECT/REPO/vlbuild-worker:0.1.0
FROM apache/beam_python3.11_sdk:2.77.0

# CJK fonts for rendering Chinese/Japanese/Korean pages and charts (Noto CJK, what tools/install-fonts
# installs, so workers draw labels as CI's tests do); Chromium for the web sources;
# pdfLaTeX (TeX Live's texlive-latex-base, with SyncTeX, and the packages arXiv papers load most) for the latex source.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk fonts-dejavu-core chromium texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-science \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/vlbuild
COPY setup.py README.md ./
COPY pipelines ./pipelines
COPY sources ./sources
COPY shards ./shards
COPY taxonomy ./taxonomy
COPY model ./model
# the check also builds matplotlib's font cache with the CJK fonts in it, and fails the image without them
RUN pip install --no-cache-dir . && python -c "import pipelines.build, sources.common.ocr, shards" \
    && python -c "from sources.charts.fonts import font_list; print(font_list(['\u5317\u4eac \u308a\u3093\u3054 \ud55c\uad6d'], 'DejaVu Sans'))"

# The SDK image's own entrypoint (/opt/apache/beam/boot) stays: workers start as Beam expects.
