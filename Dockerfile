# A custom Dataflow (or Flink/Spark portable) worker for vlbuild: Beam's SDK image of the same
# version as setup.py pins, the system packages some sources need, and this package with its
# pinned dependencies. The PP-OCR models ship inside the rapidocr wheel; nothing is fetched at run time.
#
#   docker build -t REGION-docker.pkg.dev/PROJECT/REPO/vlbuild-worker:0.1.0 .
#   docker push REGION-docker.pkg.dev/PROJECT/REPO/vlbuild-worker:0.1.0
#   python -m pipelines.build --runner=DataflowRunner ... \
#       --sdk_container_image=REGION-docker.pkg.dev/PROJECT/REPO/vlbuild-worker:0.1.0
FROM apache/beam_python3.11_sdk:2.77.0

# CJK fonts for rendering Chinese/Japanese/Korean pages and charts; Chromium for the web sources.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk fonts-dejavu-core chromium \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/vlbuild
COPY setup.py README.md ./
COPY pipelines ./pipelines
COPY sources ./sources
COPY shards ./shards
COPY taxonomy ./taxonomy
COPY model ./model
RUN pip install --no-cache-dir . && python -c "import pipelines.build, sources.common.ocr, shards"

# The SDK image's own entrypoint (/opt/apache/beam/boot) stays: workers start as Beam expects.
